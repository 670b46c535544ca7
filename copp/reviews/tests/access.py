"""Rows of the access matrix for the review engine. The pages of a review are about a program of the first partner
organisation (its representative authors it; the second partner is the outsider). The experts' pages are about
a program of an educational organisation none of the world's users belongs to: the first staff member, partner
and teacher are experts of its open round, the second ones are not, so they get 404 there."""
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import Route

from .factories import make_expert, make_open_round

EXPERT_ROLES = frozenset({Role.STAFF, Role.PARTNER, Role.TEACHER})
STAFF = frozenset({Role.STAFF})
READERS = frozenset({Role.STAFF, Role.PARTNER})
AUTHORS_ELSEWHERE = frozenset({Role.TEACHER})


def _round(world, author_type=OrganizationType.PARTNER, experts=()):
    from copp.programs.tests.factories import make_constructed

    return make_open_round(make_constructed(world.orgs[author_type][0]), experts=experts)


def round_kwargs(world):
    experts = [make_expert(world.users[role][0]) for role in (Role.STAFF, Role.PARTNER, Role.TEACHER)]
    return {"pk": _round(world, OrganizationType.EDUCATIONAL, experts).pk}


def review_kwargs(world):
    return {"pk": _round(world).review_id}


def subject_kwargs(world):
    return {"kind": "program", "object_id": _round(world).review.object_id}


def draft_kwargs(world):
    from copp.programs.tests.factories import make_program

    return {"kind": "program", "object_id": make_program(world.orgs[OrganizationType.PARTNER][0], status="draft").pk}


def staff_member_kwargs(world):
    from copp.resources.models import StaffMember

    staff, _ = StaffMember.objects.get_or_create(
        organization=world.orgs[OrganizationType.EDUCATIONAL][0], last_name="Кандидатов", first_name="Эксперт",
        defaults={"position": "Преподаватель"})
    return {"pk": staff.pk}


ROUTES = {
    "reviews:experts": Route(STAFF),
    # A POST without the flag leaves a non-expert as they are and returns to the register.
    "reviews:expert": Route(STAFF, kwargs=staff_member_kwargs, also={"post": ((302,), {})},
                            no_outsider="CoPP staff keep the register of experts of the whole region"),
    "reviews:list": Route(STAFF),
    "reviews:export": Route(STAFF),
    "reviews:queue": Route(EXPERT_ROLES),
    "reviews:assignment": Route(EXPERT_ROLES, kwargs=round_kwargs, owner=Role.STAFF, also={"post": ((302,), {})}),
    "reviews:comment": Route(EXPERT_ROLES, method="post", kwargs=round_kwargs, owner=Role.STAFF, ok=(302,)),
    # Teachers author materials (a registered kind), so they read reviews, but only of their own subjects.
    "reviews:detail": Route(READERS, kwargs=review_kwargs, owner=Role.PARTNER, not_theirs=AUTHORS_ELSEWHERE),
    "reviews:subject": Route(READERS, kwargs=subject_kwargs, owner=Role.PARTNER, ok=(302,),
                             not_theirs=AUTHORS_ELSEWHERE),
    "reviews:assign": Route(STAFF, method="post", kwargs=review_kwargs, ok=(302,),
                            no_outsider="CoPP staff manage every organisation's reviews"),
    "reviews:decide": Route(STAFF, method="post", kwargs=review_kwargs, ok=(302,),
                            no_outsider="CoPP staff manage every organisation's reviews"),
    # Staff see the partner's draft but may not send it (403); the second partner does not see it (404).
    "reviews:submit": Route(frozenset({Role.PARTNER}), method="post", kwargs=draft_kwargs, owner=Role.PARTNER,
                            ok=(302,)),
}
