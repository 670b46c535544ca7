"""Reads for public pages: facts for the home page built from real data."""
from django.db.models import Count, Q

from copp.accounts.services import consent_text_current
from copp.directories.models import Competency
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from copp.programs.selectors import programs_filter, programs_published


def home_facts() -> dict:
    counts = Organization.objects.filter(verification_status=VerificationStatus.VERIFIED).aggregate(
        partners=Count("pk", filter=Q(type__in=[OrganizationType.PARTNER, OrganizationType.EDUCATIONAL])),
        employers=Count("pk", filter=Q(type=OrganizationType.CUSTOMER)),
    )
    competencies = Competency.objects.filter(is_active=True)
    return {
        "partners_count": counts["partners"],
        "employers_count": counts["employers"],
        "competencies_count": competencies.count(),
        "priority_competencies": list(competencies.filter(is_priority=True).order_by("name")[:12]),
        "home_programs": home_programs(),
    }


def home_programs(limit: int = 6) -> list:
    """Programs and events (issue 4): the published programs that start soonest, for the home page."""
    return list(programs_filter(programs_published(), sort="start")[:limit])


def current_consent():
    return consent_text_current()
