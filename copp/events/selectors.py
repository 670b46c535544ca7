"""Reads of events and registrations shared by pages, the calendar feed, the API and exports."""
import datetime

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Membership, Organization, OrganizationType, VerificationStatus

from .models import ACTIVE_REGISTRATION, Event, EventRegistration, EventStatus, RegistrationStatus

ORGANIZER_TYPES = (OrganizationType.COPP, OrganizationType.PARTNER, OrganizationType.EDUCATIONAL)


def _own_organization_ids(user):
    return Membership.objects.filter(user=user, is_active=True).values("organization_id")


def events_public() -> QuerySet[Event]:
    """What anyone may read: published and cancelled events (a cancelled one says so on its page) of verified
    organisations: nothing an organisation still awaiting verification makes is public (issue 14)."""
    return Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
                                organizer__verification_status=VerificationStatus.VERIFIED)


def events_managed_by(user) -> QuerySet[Event]:
    """Events whose registrations the user sees and edits: every event for EVENTS_ALL, else the own
    organisations' ones for EVENTS_OWN."""
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    if has_capability(user, Cap.EVENTS_ALL):
        return Event.objects.all()
    if has_capability(user, Cap.EVENTS_OWN):
        return Event.objects.filter(organizer__in=Subquery(_own_organization_ids(user)))
    return Event.objects.none()


def events_visible_to(user) -> QuerySet[Event]:
    """Public events plus the drafts the user manages."""
    return Event.objects.filter(Q(pk__in=events_public().values("pk"))
                                | Q(pk__in=events_managed_by(user).values("pk")))


def organizers_for(user) -> QuerySet[Organization]:
    """The organisations the user may hold events for."""
    qs = Organization.objects.filter(type__in=ORGANIZER_TYPES)
    if has_capability(user, Cap.EVENTS_ALL):
        return qs
    if has_capability(user, Cap.EVENTS_OWN):
        return qs.filter(pk__in=Subquery(_own_organization_ids(user)))
    return Organization.objects.none()


def _count_of(status: str):
    rows = (EventRegistration.objects.filter(event=OuterRef("pk"), status=status).order_by()
            .values("event").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate registered and waitlist counts with subqueries (no joins that would repeat rows), and the
    free seats: None for an event without a seat limit (PostgreSQL's GREATEST skips NULL, so it is kept apart)."""
    return qs.annotate(registered_count=_count_of(RegistrationStatus.REGISTERED),
                       waitlist_count=_count_of(RegistrationStatus.WAITLIST)
                       ).annotate(seats_left=Case(
                           When(capacity__isnull=True, then=Value(None, output_field=IntegerField())),
                           default=Greatest(F("capacity") - F("registered_count"), 0),
                           output_field=IntegerField()))


def with_list_data(qs: QuerySet[Event], user=None) -> QuerySet[Event]:
    """What a list row shows, in a fixed number of queries whatever the number of events."""
    qs = with_counts(qs.select_related("organizer", "municipality").prefetch_related("competencies"))
    if getattr(user, "is_authenticated", False):
        mine = EventRegistration.objects.filter(event=OuterRef("pk"), user=user, status__in=ACTIVE_REGISTRATION)
        # Flags for the row: signed up at all, and whether only on the waitlist.
        qs = qs.annotate(my_status=Subquery(mine.values("status")[:1]),
                         my_waitlisted=Exists(mine.filter(status=RegistrationStatus.WAITLIST)))
    return qs


def events_filter(qs: QuerySet[Event], *, text: str = "", event_type: str = "", competency=None, organizer=None,
                  municipality=None, period: str = "upcoming") -> QuerySet[Event]:
    """The public list narrowed by filters: upcoming ones first by date, past ones newest first."""
    now = timezone.now()
    if text:
        qs = qs.filter(Q(title__icontains=text) | Q(description__icontains=text))
    if event_type:
        qs = qs.filter(type=event_type)
    if competency is not None:
        qs = qs.filter(Exists(Event.competencies.through.objects.filter(event=OuterRef("pk"),
                                                                          competency=competency)))
    if organizer is not None:
        qs = qs.filter(organizer=organizer)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if period == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return qs.filter(ends_at__gte=now).order_by("starts_at", "pk")


def events_between(qs: QuerySet[Event], start: datetime.datetime, end: datetime.datetime) -> QuerySet[Event]:
    """Events overlapping [start, end) for the calendar feed."""
    return qs.filter(starts_at__lt=end, ends_at__gte=start).order_by("starts_at", "pk")



def registration_of(user, event: Event) -> EventRegistration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return EventRegistration.objects.filter(user=user, event=event).first()


def sees_online_link(user, event: Event) -> bool:
    """The online link is for registered participants and the event's managers, on the page, in the .ics file,
    in the API and in letters alike (issue 24)."""
    if not getattr(user, "is_authenticated", False) or not event.online_url:
        return False
    return (EventRegistration.objects.filter(user=user, event=event, status=RegistrationStatus.REGISTERED).exists()
            or events_managed_by(user).filter(pk=event.pk).exists())


def waitlist_position(registration: EventRegistration) -> int | None:
    """1 for the first person on the waitlist."""
    if registration.status != RegistrationStatus.WAITLIST:
        return None
    ahead = EventRegistration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLIST
    ).filter(Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk))
    return ahead.count() + 1


def registrations_of(user) -> QuerySet[EventRegistration]:
    """«Мои мероприятия»: the user's active registrations with their events."""
    return (EventRegistration.objects.filter(user=user, status__in=ACTIVE_REGISTRATION)
            .select_related("event", "event__organizer", "event__municipality").order_by("event__starts_at"))


def event_registrations(event: Event) -> QuerySet[EventRegistration]:
    """Everyone who signed up for an event: registered first, then the waitlist in order, then cancelled."""
    order = Case(When(status=RegistrationStatus.REGISTERED, then=Value(0)),
                 When(status=RegistrationStatus.WAITLIST, then=Value(1)), default=Value(2))
    return (EventRegistration.objects.filter(event=event).select_related("user", "checked_in_by")
            .annotate(status_order=order).order_by("status_order", "queued_at", "pk"))


def events_for_competencies(competency_ids) -> QuerySet[Event]:
    """Upcoming published events of the given competencies."""
    return (events_public().filter(status=EventStatus.PUBLISHED, ends_at__gte=timezone.now())
            .filter(Exists(Event.competencies.through.objects.filter(event=OuterRef("pk"),
                                                                     competency__in=competency_ids)))
            .select_related("organizer").prefetch_related("competencies").order_by("starts_at", "pk"))
