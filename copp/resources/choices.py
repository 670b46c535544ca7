"""The teachers (staff members) and the sites as searchable choices (copp.core.choices): the region timetable's
filters."""
from django.db.models.functions import Upper

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap

from .models import Site, StaffMember

# Who reads every organisation's staff, and who only the own organisations' (ResourceQuerySet.visible_to).
REGION = (Cap.TRAINING_REGION, Cap.TRAINING_ALL, Cap.RESOURCES_BROWSE, Cap.RESOURCES_ALL)
OWN = (Cap.TRAINING_MANAGE, Cap.RESOURCES_VIEW)


def _rows(user):
    if any(has_capability(user, cap) for cap in REGION):
        return StaffMember.objects.filter(is_active=True)
    return StaffMember.objects.filter(is_active=True)._own(user)


TEACHERS = ChoiceSource(
    model=StaffMember, rows=_rows, allowed=lambda user: any(has_capability(user, c) for c in REGION + OWN),
    search=("last_name",), order=(Upper("last_name"), Upper("first_name"), Upper("patronymic"), "pk"),
    label=lambda row: row.full_name)


def _sites(user):
    sites = Site.objects.filter(is_active=True).select_related("organization")
    if any(has_capability(user, cap) for cap in REGION):
        return sites
    return sites._own(user)


# The region's 3 500 sites: the region timetable's «Площадка» filter (TRAINING_REGION).
SITES = ChoiceSource(
    model=Site, rows=_sites, allowed=lambda user: any(has_capability(user, c) for c in REGION + OWN),
    # In the order of the index `resources_site_name_order`: the first 20 matches of a common word are read from
    # it and the walk stops, instead of sorting every match (all 3 500 sites are «Мастерская …» at scale 1).
    search=("name",), order=("name", "pk"),
    label=lambda row: f"{row.name} — {row.organization.short_name}")
