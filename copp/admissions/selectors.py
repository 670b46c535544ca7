"""Reads of applications shared by views, API and exports, scoped by who asks (`applications_visible_to`)."""
import base64
import datetime
import json

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from copp.core import lists
from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.core.validators import digits_only, format_snils
from copp.events.models import EventRegistration
from copp.organizations.models import OrganizationType
from copp.programs.models import Program
from copp.programs.selectors import programs_published

from .models import Application, ApplicationKind, Campaign, Notification, Participant


def member_organization_ids(user) -> list[int]:
    """Organisations the user acts for (active memberships); cached on the user for the request."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return []
    cached = getattr(user, "_copp_member_orgs", None)
    if cached is None:
        cached = list(user.memberships.filter(is_active=True).values_list("organization_id", flat=True))
        user._copp_member_orgs = cached
    return cached


def applications_visible_to(user) -> QuerySet[Application]:
    """Staff see all; a partner the applications to its programs; organisations their own; a citizen theirs."""
    qs = Application.objects.all()
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return qs.none()
    if has_capability(user, Cap.APPLICATIONS_ALL):
        return qs
    orgs = member_organization_ids(user)
    condition = Q(applicant=user)
    if orgs and has_capability(user, Cap.APPLICATIONS_PROCESS):
        condition |= Q(provider_id__in=orgs)
    if orgs and has_capability(user, Cap.APPLICATIONS_ORG_APPLY):
        condition |= Q(organization_id__in=orgs)
    return qs.filter(condition)


def applications_of_organization(organization_id) -> QuerySet[Application]:
    """What an integrator key of an organisation reads (M33): the applications it sent and those to its programs."""
    return Application.objects.filter(Q(organization_id=organization_id) | Q(provider_id=organization_id))


def applications_processed_by(user) -> QuerySet[Application]:
    """The inbox: everything for staff, applications to the own organisation's programs for partners."""
    qs = Application.objects.all()
    if has_capability(user, Cap.APPLICATIONS_ALL):
        return qs
    if has_capability(user, Cap.APPLICATIONS_PROCESS):
        return qs.filter(provider_id__in=member_organization_ids(user))
    return qs.none()


def can_process(user, application: Application) -> bool:
    if has_capability(user, Cap.APPLICATIONS_ALL):
        return True
    return (has_capability(user, Cap.APPLICATIONS_PROCESS)
            and application.provider_id in member_organization_ids(user))


def is_applicant_side(user, application: Application) -> bool:
    """The citizen who applied, or a member of the organisation that applied."""
    if application.kind == ApplicationKind.INDIVIDUAL:
        return application.applicant_id == user.pk
    return (application.organization_id in member_organization_ids(user)
            and has_capability(user, Cap.APPLICATIONS_ORG_APPLY))


def programs_open_for_applications() -> QuerySet[Program]:
    # The same programs the public catalogue shows: none of an organisation still awaiting verification.
    return programs_published().select_related("provider").order_by("title")


def applying_organizations(user, types=None):
    """The organisations the user may apply for (as a representative), optionally of some types."""
    memberships = user.memberships.filter(is_active=True).select_related("organization")
    if types:
        memberships = memberships.filter(organization__type__in=types)
    return [m.organization for m in memberships.order_by("organization__short_name")]


def educational_organizations(user):
    return applying_organizations(user, [OrganizationType.EDUCATIONAL, OrganizationType.PARTNER])


def customer_organizations(user):
    return applying_organizations(user, [OrganizationType.CUSTOMER])


def with_list_relations(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("program", "organization", "assignee", "provider")


# --- The inbox: filters, keyset pages, capped counts ----------------------------------------------

ORDERINGS = {
    "-submitted": ("-submitted_at", "-id"),
    "submitted": ("submitted_at", "id"),
    "-changed": ("-status_changed_at", "-id"),
}


def inbox_filter(qs: QuerySet[Application], *, kind="", status="", program=None, organization=None,
                 assignee="", date_from=None, date_to=None, text="", category="") -> QuerySet[Application]:
    """Narrow the inbox by its filters; each filter reads an indexed column."""
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        # "none": the applications whose learner named no category.
        qs = qs.filter(category="" if category == "none" else category)
    if status:
        qs = qs.filter(status=status)
    if program:
        qs = qs.filter(program=program)
    if organization:
        qs = qs.filter(Q(organization=organization) | Q(provider=organization))
    if assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee and str(assignee).isdigit():
        qs = qs.filter(assignee_id=int(assignee))
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(submitted_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        qs = qs.filter(submitted_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1),
                                                                  datetime.time.min, tz))
    text = (text or "").strip()
    if text:
        digits = digits_only(text)
        if text.startswith("№") or (len(digits) == 10 and "-" in text and len(text) <= 12):
            qs = qs.filter(number__icontains=text.lstrip("№ ").strip())
        elif digits and len(digits) >= 3 and len(digits) == len(text.replace("-", "").replace(" ", "")):
            qs = qs.filter(search_text__contains=digits)
        else:
            qs = qs.filter(search_text__contains=" ".join(text.lower().split()))
    return qs


def _encode(values) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str):
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return datetime.datetime.fromisoformat(values[0]), int(values[1])
    except (ValueError, TypeError, IndexError, json.JSONDecodeError):
        return None


def keyset_page(qs: QuerySet, *, sort: str, cursor: str = "", size: int = 25, orderings=None):
    """One page after `cursor` in the chosen order, and the cursor of the next page (None at the end).
    No OFFSET and no COUNT: the cost of a page does not depend on how deep it is or how big the table is."""
    orderings = orderings or ORDERINGS
    order = orderings.get(sort, next(iter(orderings.values())))
    field = order[0].lstrip("-")
    descending = order[0].startswith("-")
    position = _decode(cursor) if cursor else None
    if position:
        at, pk = position
        if descending:
            qs = qs.filter(Q(**{f"{field}__lt": at}) | Q(**{field: at, "id__lt": pk}))
        else:
            qs = qs.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "id__gt": pk}))
    rows = list(qs.order_by(*order)[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode([getattr(last, field).isoformat(), last.pk])
    return rows, next_cursor


def status_counts(qs: QuerySet, cap: int | None = None) -> tuple[dict[str, int], bool]:
    """Rows per status among at most `cap` (the list toolkit's COUNT_CAP) matching rows, in one query; True when
    capped."""
    cap = lists.COUNT_CAP if cap is None else cap
    inner = qs.order_by().values("status")[: cap + 1]
    sql, params = inner.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.status, COUNT(*) FROM ({sql}) t GROUP BY t.status", params)  # noqa: S608
        counts = dict(cursor.fetchall())
    return counts, sum(counts.values()) > cap


# --- Event registrations in the inbox (M19: "receiving applications to events") ----------------------

EVENT_KIND = "event"
REGISTRATION_ORDERINGS = {
    "-submitted": ("-queued_at", "-id"),
    "submitted": ("queued_at", "id"),
    "-changed": ("-updated_at", "-id"),
}


def registrations_processed_by(user) -> QuerySet[EventRegistration]:
    """Registrations to the events the user manages: every event for staff, the own organisations' for partners."""
    from copp.events.selectors import events_managed_by

    return EventRegistration.objects.filter(event__in=events_managed_by(user).values("pk"))


def registrations_filter(qs: QuerySet[EventRegistration], *, status="", organization=None, date_from=None,
                         date_to=None, text="", **_ignored) -> QuerySet[EventRegistration]:
    """The inbox's filters that make sense for event registrations."""
    if status:
        qs = qs.filter(status=status)
    if organization:
        qs = qs.filter(event__organizer=organization)
    tz = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(queued_at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz))
    if date_to:
        qs = qs.filter(queued_at__lt=datetime.datetime.combine(date_to + datetime.timedelta(days=1),
                                                               datetime.time.min, tz))
    text = (text or "").strip()
    if text:
        digits = digits_only(text)
        if len(digits) == 11:
            qs = qs.filter(user__snils=format_snils(digits))
        else:
            qs = qs.filter(Q(user__last_name__icontains=text) | Q(user__email__icontains=text)
                           | Q(event__title__icontains=text))
    return qs


# --- Campaigns, notifications ------------------------------------------------------------------------

def campaigns_open(now=None) -> QuerySet[Campaign]:
    return Campaign.objects.filter(deadline__gt=now or timezone.now()).order_by("deadline")


def campaign_used(campaign: Campaign, organization) -> int:
    """How many teachers the organisation has on its active lists in the campaign (people taken off a list
    when it was corrected do not count)."""
    from .models import ACTIVE_STATUSES, ApplicationStatus, Participant

    return (Participant.objects.filter(application__campaign=campaign, application__organization=organization,
                                       application__status__in=ACTIVE_STATUSES)
            .exclude(status=ApplicationStatus.WITHDRAWN).count())


def campaign_usage(campaigns, organizations) -> dict[tuple[int, int], int]:
    """campaign_used for many campaigns and organisations in one query: {(campaign id, organisation id): n}."""
    from django.db.models import Count

    from .models import ACTIVE_STATUSES, ApplicationStatus, Participant

    rows = (Participant.objects.filter(application__campaign__in=campaigns, application__organization__in=organizations,
                                       application__status__in=ACTIVE_STATUSES)
            .exclude(status=ApplicationStatus.WITHDRAWN)
            .values("application__campaign", "application__organization").annotate(n=Count("pk")))
    return {(row["application__campaign"], row["application__organization"]): row["n"] for row in rows}


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _name_key(last_name: str, first_name: str) -> str:
    return f"{last_name or ''} {first_name or ''}".strip().lower().replace("ё", "е")


def snils_conflicts(people, *, exclude_application=None) -> dict[str, list[str]]:
    """SNILS of `people` (participants or draft rows with last_name, first_name, snils) that the platform already
    knows under another person's name: SNILS -> the other names (an account's profile, a participant of another
    application). Two queries whatever the number of people; the names are for staff, not for the applicant."""
    def value(person, field):
        return (person.get(field) if isinstance(person, dict) else getattr(person, field, "")) or ""

    wanted = {}
    for person in people:
        snils = format_snils(value(person, "snils")) if digits_only(value(person, "snils")) else ""
        if snils:
            wanted.setdefault(snils, set()).add(_name_key(value(person, "last_name"), value(person, "first_name")))
    if not wanted:
        return {}
    from copp.accounts.models import User

    others: dict[str, set[str]] = {}
    for snils, last, first, patronymic in User.objects.filter(snils__in=wanted).values_list(
            "snils", "last_name", "first_name", "patronymic"):
        if _name_key(last, first) not in wanted[snils]:
            others.setdefault(snils, set()).add(" ".join(p for p in (last, first, patronymic) if p))
    listed = Participant.objects.filter(snils__in=wanted)
    if exclude_application is not None:
        listed = listed.exclude(application=exclude_application)
    for snils, last, first, patronymic in listed.values_list("snils", "last_name", "first_name", "patronymic"):
        if _name_key(last, first) not in wanted[snils]:
            others.setdefault(snils, set()).add(" ".join(p for p in (last, first, patronymic) if p))
    return {snils: sorted(names) for snils, names in others.items()}
