"""Rows of the access matrix (tests/test_access_matrix.py) for the resources app's routes. Records belong
to the first partner organisation of the world, so the second partner (an outsider) must get 404."""
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.access import STAFFLIKE, Route, accepts

from ..kinds import KINDS
from . import factories

VIEWERS = frozenset({Role.STAFF, Role.PARTNER, Role.COORDINATOR, Role.ADMIN})
EDITORS = frozenset({Role.STAFF, Role.PARTNER})
BROWSERS = frozenset({Role.STAFF, Role.COORDINATOR, Role.ADMIN})


def partner_org(world):
    return world.orgs[OrganizationType.PARTNER][0]


def record_of(code):
    return lambda w: {"pk": factories.MAKERS[code](partner_org(w)).pk}


def photo(w):
    return {"pk": factories.photo(factories.site(partner_org(w))).pk}


def document(w):
    return {"pk": factories.document(factories.staff(partner_org(w))).pk}


def kind_arg(w):
    return {"kind": "equipment"}


ROUTES = {
    # The searchable choice (copp.core.choices): CoPP staff, coordinators and administrators choose among the
    # region's rows, partners among their own or the verified; others have no such field (403).
    "resources:teacher_choices": Route(STAFFLIKE | {Role.PARTNER}),
    "resources:site_choices": Route(STAFFLIKE | {Role.PARTNER}),
    "resources:registry": Route(BROWSERS),
    "resources:registry_export": Route(BROWSERS),
    "resources:manage": Route(EDITORS),
    "resources:import": Route(EDITORS, kwargs=kind_arg, no_outsider="the argument is a kind of resource, no record",
                              also=accepts((400,), "post")),
    "resources:import_template": Route(EDITORS, kwargs=kind_arg,
                                       no_outsider="the argument is a kind of resource, no record"),
    "resources:site_photo_add": Route(EDITORS, method="post", kwargs=record_of("site"), owner=Role.PARTNER,
                                      ok=(400,)),
    "resources:site_photo": Route(VIEWERS, kwargs=photo, owner=Role.PARTNER),
    "resources:site_photo_delete": Route(EDITORS, method="post", kwargs=photo, owner=Role.PARTNER, ok=(302,)),
    "resources:staff_document_file": Route(VIEWERS, kwargs=document, owner=Role.PARTNER),
    "resources:consumable_movement_add": Route(
        EDITORS, method="post", kwargs=record_of("consumable"), owner=Role.PARTNER, ok=(302,),
        data={"kind": "receipt", "quantity": "5", "on_date": "2026-11-02", "purpose": "Поставка"}),
}
for _code in KINDS:
    ROUTES |= {
        # The forms answer an empty POST with their errors on the page.
        f"resources:{_code}_create": Route(EDITORS, also=accepts((200,), "post")),
        f"resources:{_code}_detail": Route(VIEWERS, kwargs=record_of(_code), owner=Role.PARTNER),
        f"resources:{_code}_update": Route(EDITORS, kwargs=record_of(_code), owner=Role.PARTNER,
                                           also=accepts((200,), "post")),
        f"resources:{_code}_archive": Route(EDITORS, method="post", kwargs=record_of(_code), owner=Role.PARTNER,
                                            ok=(302,)),
    }


def _api_is_wired() -> bool:
    try:
        reverse("api:resources-site-list")
    except NoReverseMatch:
        return False
    return True


# The API routes join the table once copp/api/urls.py includes copp.resources.api_urls.
if _api_is_wired():
    for _code in KINDS:
        ROUTES |= {
            f"api:resources-{_code}-list": Route(VIEWERS, anonymous=401),
            f"api:resources-{_code}-detail": Route(VIEWERS, kwargs=record_of(_code), owner=Role.PARTNER,
                                                   anonymous=401),
        }
