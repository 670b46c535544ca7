"""The organisations of the materials library as searchable choices (copp.core.choices, issue 15): the public
catalogue's «Организация» filter offers the publishers of reviewed materials (what the catalogue already shows),
the CoPP's whole library every organisation with a material."""
from django.db.models import Exists, OuterRef

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap
from copp.organizations.models import Organization

from .models import Material


def publishers():
    """Organisations with a material that passed expert review."""
    return Organization.objects.filter(Exists(Material.objects.filter(organization=OuterRef("pk"),
                                                                      published__isnull=False)))


def _authors(user):
    return Organization.objects.filter(Exists(Material.objects.filter(organization=OuterRef("pk"))))


PUBLISHERS = ChoiceSource(
    model=Organization, rows=lambda user: publishers(), allowed=lambda user: True,
    search=("short_name", "name"), order=("short_name", "pk"), label=lambda row: row.short_name)

AUTHORS = ChoiceSource(
    model=Organization, rows=_authors, allowed=lambda user: has_capability(user, Cap.MATERIALS_ALL),
    search=("short_name", "name"), order=("short_name", "pk"), label=lambda row: row.short_name)
