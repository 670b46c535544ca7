"""Rows of the access matrix (tests/test_access_matrix.py) for the programs app. Programs belong to the first
partner organisation of the world: the second partner (an outsider) gets 404; CoPP staff see every
organisation's programs but edit only their own, so they get 403."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import PUBLIC, STAFFLIKE, Route, accepts

from .factories import make_program

EDITORS = frozenset({Role.STAFF, Role.PARTNER})


def partner_program(world):
    return {"pk": make_program(world.orgs[OrganizationType.PARTNER][0]).pk}


ROUTES = {
    # The searchable choice (copp.core.choices): CoPP staff, coordinators and administrators choose among the
    # region's rows, partners among their own or the verified; others have no such field (403).
    "programs:choices": Route(STAFFLIKE | {Role.PARTNER}),
    # The catalogue's providers and the published programs are what the public catalogue shows: public.
    "programs:provider_choices": Route(PUBLIC),
    "programs:published_choices": Route(PUBLIC),
    "programs:catalogue": Route(PUBLIC),
    "programs:detail": Route(PUBLIC, kwargs=partner_program),
    "programs:manage": Route(EDITORS),
    "programs:create": Route(EDITORS, also=accepts((400,), "post")),
    "programs:update": Route(frozenset({Role.PARTNER}), kwargs=partner_program, owner=Role.PARTNER,
                             also=accepts((400,), "post")),
    "programs:transition": Route(frozenset({Role.PARTNER}), method="post", kwargs=partner_program,
                                 owner=Role.PARTNER, data={"target": "archived"}, ok=(302,)),
}


def _api_is_wired() -> bool:
    try:
        reverse("api:program-list")
    except NoReverseMatch:
        return False
    return True


# The API routes join the table once copp/api/urls.py calls copp.programs.api.register(router).
if _api_is_wired():
    ROUTES |= {
        "api:program-list": Route(PUBLIC),
        "api:program-detail": Route(PUBLIC, kwargs=partner_program),
        "api:library-module-list": Route(PUBLIC),
        "api:library-module-detail": Route(PUBLIC, kwargs=lambda w: partner_module(w, status="published")),
    }


def partner_module(world, status="draft"):
    """A library module of the first partner (a draft: the second partner does not see it, 404)."""
    from .factories import make_library_module

    return {"pk": make_library_module(world.orgs[OrganizationType.PARTNER][0], status=status).pk}


ROUTES |= {
    "programs:library": Route(EDITORS),
    "programs:library_author_choices": Route(EDITORS),
    "programs:module_create": Route(EDITORS, also=accepts((400,), "post")),
    "programs:module_update": Route(frozenset({Role.PARTNER}), kwargs=partner_module, owner=Role.PARTNER,
                                    also=accepts((400,), "post")),
    "programs:module_transition": Route(frozenset({Role.PARTNER}), method="post", kwargs=partner_module,
                                        owner=Role.PARTNER, data={"target": "published"}, ok=(302,)),
    "programs:constructor": Route(frozenset({Role.PARTNER}), kwargs=partner_program, owner=Role.PARTNER,
                                  also=accepts((400,), "post")),
    # Staff read every organisation's programs, so they see versions and the document too.
    "programs:versions": Route(EDITORS, kwargs=partner_program, owner=Role.PARTNER),
    "programs:document": Route(EDITORS, kwargs=partner_program, owner=Role.PARTNER),
}
