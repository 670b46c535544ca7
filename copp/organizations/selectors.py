"""Reads of organisations shared by views, API and exports; scoped by who asks."""
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Q, QuerySet

from copp.core.access import has_capability
from copp.core.roles import Cap

from .models import Membership, Organization, VerificationStatus


def organizations_visible_to(user) -> QuerySet[Organization]:
    """All organisations for those who browse the database (M16); otherwise the user's own."""
    qs = Organization.objects.select_related("municipality")
    if has_capability(user, Cap.ORGANIZATIONS_BROWSE):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    return qs.filter(memberships__user=user, memberships__is_active=True)


def organizations_public() -> QuerySet[Organization]:
    """What anyone may read: verified organisations."""
    return Organization.objects.select_related("municipality").filter(
        verification_status=VerificationStatus.VERIFIED
    )


def organizations_search(qs: QuerySet[Organization], text: str) -> QuerySet[Organization]:
    """Search by name (Russian full text or substring), INN or OGRN."""
    text = (text or "").strip()
    if not text:
        return qs
    if text.isdigit():
        return qs.filter(Q(inn__startswith=text) | Q(ogrn__startswith=text))
    vector = SearchVector("name", "short_name", config="russian")
    return qs.annotate(search=vector).filter(
        Q(search=SearchQuery(text, config="russian")) | Q(short_name__icontains=text) | Q(name__icontains=text)
    )


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related("organization")


def members_of(organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("user__last_name", "user__first_name")
