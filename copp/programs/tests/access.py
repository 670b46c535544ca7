"""Rows of the access matrix (tests/test_access_matrix.py) for the programs app. Programs belong to the first
partner organisation of the world: the second partner (an outsider) gets 404; CoPP staff see every
organisation's programs but edit only their own, so they get 403."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import PUBLIC, Route, accepts

from .factories import make_program

EDITORS = frozenset({Role.STAFF, Role.PARTNER})


def partner_program(world):
    return {"pk": make_program(world.orgs[OrganizationType.PARTNER][0]).pk}


ROUTES = {
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
    }
