"""The programs as a searchable choice (copp.core.choices): the inbox's and the region timetable's filters, a
group's program."""
from django.db.models import Subquery

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap

from .models import Program
from .selectors import own_organization_ids

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
