"""The organisations whose contacts answer a survey, as a searchable choice of several (copp.core.choices): every
organisation of the region but the rejected ones (≈ 5 000 at region scale). Only CoPP staff (SURVEYS_ALL) send a
survey to organisations' contacts, so only they may ask."""
from copp.core.access import has_capability
from copp.core.choices import ChoiceSource
from copp.core.roles import Cap
from copp.organizations.models import Organization, VerificationStatus


def _label(row) -> str:
    return f"{row.short_name or row.name} — {row.get_type_display()}"


AUDIENCE_ORGANIZATIONS = ChoiceSource(
    model=Organization,
    rows=lambda user: Organization.objects.exclude(verification_status=VerificationStatus.REJECTED),
    allowed=lambda user: has_capability(user, Cap.SURVEYS_ALL),
    search=("short_name", "name"), order=("short_name", "pk"), label=_label)
