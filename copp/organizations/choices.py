"""The organisations as a searchable choice (copp.core.choices): the inbox's and the region timetable's filters,
the employer that sent a learner."""
from django.db.models import Q, Subquery

from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap

from .models import Membership, Organization, VerificationStatus

# Who reads every organisation of the region, and who picks among the verified ones (and the own).
REGION = (Cap.ORGANIZATIONS_BROWSE, Cap.APPLICATIONS_ALL, Cap.TRAINING_REGION, Cap.TRAINING_ALL)
VERIFIED = (Cap.APPLICATIONS_PROCESS, Cap.TRAINING_MANAGE)


def _rows(user):
    if any(has_capability(user, cap) for cap in REGION):
        return Organization.objects.all()
    own = Membership.objects.filter(user=user, is_active=True).values("organization_id")
    return Organization.objects.filter(Q(verification_status=VerificationStatus.VERIFIED) | Q(pk__in=Subquery(own)))


ORGANIZATIONS = ChoiceSource(
    model=Organization, rows=_rows, allowed=lambda user: any(has_capability(user, c) for c in REGION + VERIFIED),
    search=("short_name", "name"), order=("short_name", "pk"), label=lambda row: row.short_name)
