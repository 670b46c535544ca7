"""The programs as a searchable choice (copp.core.choices): the inbox's and the region timetable's filters, a
group's program; and the public ones: the catalogue's providers, the published programs (employers' search of
portfolios) — rows any visitor already reads in the catalogue."""
from django.db.models import Exists, OuterRef, Subquery

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap
from copp.organizations.models import Organization

from .models import Program
from .selectors import catalogue_providers, library_visible_to, own_organization_ids, programs_published

# Who reads every organisation's programs (drafts too), and who only the own organisations'.
REGION = (Cap.PROGRAMS_BROWSE, Cap.APPLICATIONS_ALL, Cap.TRAINING_REGION, Cap.TRAINING_ALL)
OWN = (Cap.PROGRAMS_OWN, Cap.APPLICATIONS_PROCESS, Cap.TRAINING_MANAGE)


def _rows(user):
    if any(has_capability(user, cap) for cap in REGION):
        return Program.objects.all()
    return Program.objects.filter(provider__in=Subquery(own_organization_ids(user)))


PROGRAMS = ChoiceSource(
    model=Program, rows=_rows, allowed=lambda user: any(has_capability(user, c) for c in REGION + OWN),
    search=("title",), order=("title", "pk"), label=lambda row: row.title)


# The catalogue's «Организация» filter (≈ 3 300 organisations with programs in a region): public, as the page is.
PROVIDERS = ChoiceSource(
    model=Organization, rows=lambda user: catalogue_providers(),
    allowed=lambda user: True, search=("short_name", "name"), order=("short_name", "pk"),
    label=lambda row: row.short_name)

# The published programs (20 000 in a region): public, as the catalogue is; an employer's mass application,
# the employers' search of portfolios.
PUBLISHED = ChoiceSource(
    model=Program, rows=lambda user: programs_published(),
    allowed=lambda user: True, search=("title",), order=("title", "pk"), label=lambda row: row.title)


def _library_authors(user):
    return Organization.objects.filter(Exists(library_visible_to(user).filter(author=OuterRef("pk"))))


# The module library's «Организация-автор» filter: the organisations whose modules the user sees.
LIBRARY_AUTHORS = ChoiceSource(
    model=Organization, rows=_library_authors, allowed=lambda user: has_capability(user, Cap.PROGRAMS_OWN),
    search=("short_name", "name"), order=("short_name", "pk"), label=lambda row: row.short_name)
