"""Reads of organisations shared by views, API and exports; scoped by who asks."""
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from copp.core.access import has_capability
from copp.core.models import AuditLog
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
        Q(search=SearchQuery(text, config="russian"))
        | Q(short_name__icontains=text) | Q(name__icontains=text)
    )


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True).select_related("organization")


def members_of(organization) -> QuerySet[Membership]:
    return organization.memberships.select_related("user").order_by("user__last_name", "user__first_name")


def with_member_counts(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate active member counts with a subquery, so filters that join do not inflate them."""
    counts = (Membership.objects.filter(organization=OuterRef("pk"), is_active=True).order_by()
              .values("organization").annotate(n=Count("pk")).values("n"))
    return qs.annotate(member_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


ORDERINGS = {
    "name": ("short_name", "pk"),
    "-name": ("-short_name", "-pk"),
    "date": ("created_at", "pk"),
    "-date": ("-created_at", "-pk"),
}


def organizations_filter(qs: QuerySet[Organization], *, text: str = "", org_type: str = "", status: str = "",
                         municipality=None, competency=None, sort: str = "name") -> QuerySet[Organization]:
    """The database of organisations (M16) narrowed by search and filters, in a stable order."""
    qs = organizations_search(qs, text)
    if org_type:
        qs = qs.filter(type=org_type)
    if status:
        qs = qs.filter(verification_status=status)
    if municipality:
        qs = qs.filter(municipality=municipality)
    if competency:
        qs = qs.filter(competencies=competency)
    return qs.order_by(*ORDERINGS.get(sort, ORDERINGS["name"]))


def organization_history(organization: Organization) -> QuerySet[AuditLog]:
    """Audit records of one organisation: registration and verification decisions."""
    return (AuditLog.objects.filter(object_type=Organization._meta.label, object_id=str(organization.pk))
            .select_related("actor").order_by("-at"))


def organization_registered_with_token(inn: str, token: str) -> Organization | None:
    """The organisation with this INN if it was registered from this very sign-up (a repeated click)."""
    organization = Organization.objects.filter(inn=inn).first()
    if organization is None or not token:
        return None
    registered = organization_history(organization).filter(action="organization.registered",
                                                            details__signup_token=token)
    return organization if registered.exists() else None


def own_memberships(user) -> QuerySet[Membership]:
    """The user's organisations with their municipality, competencies and active members, in a few queries."""
    members = Membership.objects.filter(is_active=True).select_related("user").order_by(
        "user__last_name", "user__first_name")
    return (memberships_of(user).select_related("organization__municipality", "organization__verified_by")
            .prefetch_related("organization__competencies",
                              Prefetch("organization__memberships", queryset=members,
                                       to_attr="active_members"))
            .order_by("organization__short_name"))
