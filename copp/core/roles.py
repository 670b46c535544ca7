"""The seven roles (M3) and the one table that maps them to capabilities; menus are built from it."""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("CoPP staff")
    LEARNER = "learner", _("Learner")
    PARTNER = "partner", _("Partner organisation representative")
    CUSTOMER = "customer", _("Customer organisation representative")
    TEACHER = "teacher", _("Teacher")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMIN = "admin", _("Administrator")


class Cap:
    """Capability names. A view asks for a capability, never for a role."""

    CABINET = "cabinet.view"
    MY_DATA = "accounts.my_data"
    ORGANIZATIONS_BROWSE = "organizations.browse"  # the database of organisations (M16)
    ORGANIZATIONS_VERIFY = "organizations.verify"
    ORGANIZATIONS_EXPORT = "organizations.export"
    OWN_ORGANIZATION = "organizations.own"  # see own organisation's card and members
    ADMINISTRATION = "administration.access"  # the "Администрирование" section (M29, M30)
    AUDIT_VIEW = "audit.view"


# Roles whose idle sessions time out sooner (issue 2, §2).
PRIVILEGED_ROLES = frozenset({Role.STAFF, Role.ADMIN})

_ALL_SIGNED_IN = {Cap.CABINET, Cap.MY_DATA}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.STAFF: frozenset(
        _ALL_SIGNED_IN | {Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_VERIFY, Cap.ORGANIZATIONS_EXPORT}
    ),
    Role.LEARNER: frozenset(_ALL_SIGNED_IN),
    Role.PARTNER: frozenset(_ALL_SIGNED_IN | {Cap.OWN_ORGANIZATION}),
    Role.CUSTOMER: frozenset(_ALL_SIGNED_IN | {Cap.OWN_ORGANIZATION}),
    Role.TEACHER: frozenset(_ALL_SIGNED_IN),
    Role.COORDINATOR: frozenset(_ALL_SIGNED_IN | {Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_EXPORT}),
    Role.ADMIN: frozenset(
        _ALL_SIGNED_IN
        | {Cap.ADMINISTRATION, Cap.AUDIT_VIEW, Cap.ORGANIZATIONS_BROWSE, Cap.ORGANIZATIONS_VERIFY,
           Cap.ORGANIZATIONS_EXPORT}
    ),
}


@dataclass(frozen=True)
class MenuItem:
    capability: str
    url_name: str
    label: str
    icon: str


# The cabinet menu: an item shows when the active role holds its capability.
MENU: tuple[MenuItem, ...] = (
    MenuItem(Cap.CABINET, "portal:cabinet", _("Dashboard"), "speedometer2"),
    MenuItem(Cap.OWN_ORGANIZATION, "organizations:own", _("My organisation"), "building"),
    MenuItem(Cap.ORGANIZATIONS_BROWSE, "organizations:list", _("Organisations"), "buildings"),
    MenuItem(Cap.MY_DATA, "accounts:my_data", _("My data"), "person-vcard"),
    MenuItem(Cap.ADMINISTRATION, "admin:index", _("Administration"), "gear"),
)


def capabilities_of(roles) -> frozenset[str]:
    caps: set[str] = set()
    for role in roles:
        caps |= CAPABILITIES.get(role, frozenset())
    return frozenset(caps)


def menu_for(role: str | None) -> list[MenuItem]:
    caps = CAPABILITIES.get(role, frozenset()) if role else frozenset()
    return [item for item in MENU if item.capability in caps]
