"""Public views of the events app: the list, the calendar and its feed, the event page and its .ics file,
the priority competencies page (M9); sign-up and cancellation, «Мои мероприятия» (M13)."""
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.db_router import replica_reads
from copp.core.roles import Cap
from copp.directories.models import Competency
from copp.programs.models import Program
from copp.programs.selectors import programs_for_competency

from . import selectors
from .extensions import event_links
from .forms import EventFilterForm
from .ics import event_ics
from .models import EventStatus, RegistrationStatus
from .services import RegistrationRefused, event_register, event_registration_cancel, registration_open_error

PAGE_SIZE = 20
PER_COMPETENCY = 6
FEED_MAX_DAYS = 100


# Query parameters shown as chips and their keys among the form's values.
LIST_CHIPS = {"q": "text", "type": "event_type", "competency": "competency", "municipality": "municipality"}


@login_not_required
@require_GET
@replica_reads  # public catalogue reads (DATABASE_REPLICA_URL)
def event_list(request):
    """Upcoming (or past) events of the CoPP and its partners with filters and pages."""
    form = EventFilterForm(request.GET or None)
    values = form.values()
    qs = selectors.with_list_data(selectors.events_filter(selectors.events_public(), **values), request.user)
    page = lists.page_of(request, qs, PAGE_SIZE)
    return render(request, "events/list.html", {
        "crumbs": [(_("Events"), "")], "filter_form": form, "events": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, LIST_CHIPS, url=reverse("events:list")),
        "period": values["period"],
    })


@login_not_required
@require_GET
def event_calendar(request):
    """The calendar view (FullCalendar, loaded on this page only) over the JSON feed."""
    return render(request, "events/calendar.html", {
        "crumbs": [(_("Events"), reverse("events:list")), (_("Calendar"), "")],
    })


# The feed's bounds are clamped to these years: a far date (year 1 or 9999) would overflow the date arithmetic
# below and means nothing to a calendar anyway.
FEED_YEARS = (1900, 2200)


def _feed_bound(value: str, fallback: datetime.datetime) -> datetime.datetime:
    """A bound of the feed: an ISO date or moment; anything unreadable (garbage, 2026-13-45) is the fallback."""
    try:
        parsed = parse_datetime(value or "") or None
        if parsed is None and value:
            day = parse_date(value[:10])
            parsed = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:  # well-formed but impossible: month 13, day 45, hour 25
        parsed = None
    if parsed is None or not FEED_YEARS[0] <= parsed.year <= FEED_YEARS[1]:
        return fallback
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _wall(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).replace(tzinfo=None).isoformat()


@login_not_required
@require_GET
@replica_reads  # public catalogue reads (DATABASE_REPLICA_URL)
def event_feed(request):
    """Events between `start` and `end` (ISO dates, at most 100 days apart) as FullCalendar's JSON."""
    now = timezone.now()
    start = _feed_bound(request.GET.get("start", ""), now - datetime.timedelta(days=31))
    end = _feed_bound(request.GET.get("end", ""), start + datetime.timedelta(days=42))
    end = min(max(end, start), start + datetime.timedelta(days=FEED_MAX_DAYS))
    events = selectors.events_between(selectors.events_public(), start, end).select_related("organizer")
    return JsonResponse([{
        # Wall times of the region's zone without an offset: the calendar is set to that zone and shows them
        # as they are, so the calendar and the pages agree whatever the viewer's zone.
        "id": event.pk, "title": event.title, "start": _wall(event.starts_at), "end": _wall(event.ends_at),
        "url": reverse("events:detail", args=[event.pk]),
        "classNames": ["event-cancelled"] if event.status == EventStatus.CANCELLED else [],
        "extendedProps": {"type": event.get_type_display(), "organizer": str(event.organizer)},
    } for event in events[:500]], safe=False)


def _visible_event(request, pk):
    qs = selectors.with_counts(selectors.events_visible_to(request.user)
                               .select_related("organizer", "municipality").prefetch_related("competencies"))
    return get_object_or_404(qs, pk=pk)


@login_not_required
@require_GET
@replica_reads  # public catalogue reads (DATABASE_REPLICA_URL)
def event_detail(request, pk):
    """An event's page: facts, seats left, sign-up or cancellation, the .ics file."""
    event = _visible_event(request, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is not None and registration.status == RegistrationStatus.CANCELLED:
        registration = None
    return render(request, "events/detail.html", {
        "crumbs": [(_("Events"), reverse("events:list")), (event.title, "")], "event": event,
        "registration": registration, "seats_left": event.seats_left,
        "waitlist_position": selectors.waitlist_position(registration) if registration else None,
        "closed_reason": registration_open_error(event),
        "can_register": has_capability(request.user, Cap.EVENTS_REGISTER),
        "can_manage": selectors.events_managed_by(request.user).filter(pk=event.pk).exists(),
        "is_past": event.ends_at < timezone.now(),
        "extra_links": event_links(request.user, event),
    })


@login_not_required
@require_GET
def event_ics_view(request, pk):
    """The event's .ics file, in the region's zone; the online link only for those the page shows it to."""
    event = get_object_or_404(selectors.events_visible_to(request.user).select_related("organizer"), pk=pk)
    url = request.build_absolute_uri(reverse("events:detail", args=[event.pk]))
    body = event_ics(event, url=url, domain=request.get_host().split(":")[0],
                     online_link=selectors.sees_online_link(request.user, event))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@requires(Cap.EVENTS_REGISTER)
@require_POST
def register(request, pk):
    """Sign up for an event: a seat, or the waitlist when the seats are taken."""
    event = _visible_event(request, pk)
    try:
        registration = event_register(actor=request.user, event=event, request=request)
    except RegistrationRefused as error:
        messages.error(request, str(error))
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered. We have sent the details to your e-mail; the event "
                                        "is in «My events» in your cabinet."))
        else:
            messages.warning(request, _("All seats are taken, so you are on the waitlist. If a seat becomes free, "
                                        "it will be yours and we will send you an e-mail."))
    return redirect("events:detail", pk=event.pk)


@requires(Cap.EVENTS_REGISTER)
@require_POST
def cancel(request, pk):
    """Cancel one's registration; the first person on the waitlist gets the seat."""
    event = _visible_event(request, pk)
    try:
        event_registration_cancel(actor=request.user, event=event, request=request)
    except RegistrationRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration is cancelled. You can sign up again while there are seats."))
    if request.POST.get("next") == "mine":
        return redirect("events:mine")
    return redirect("events:detail", pk=event.pk)


@requires(Cap.EVENTS_REGISTER)
@require_GET
def my_events(request):
    """«Мои мероприятия»: what the user is registered or waitlisted for, upcoming first."""
    now = timezone.now()
    registrations = list(selectors.registrations_of(request.user))
    return render(request, "events/mine.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My events"), "")],
        "upcoming": [r for r in registrations if r.event.ends_at >= now],
        "past": [r for r in registrations if r.event.ends_at < now][::-1],
    })


@login_not_required
@require_GET
def priority_competencies(request):
    """The region's priority competencies, each with its description, programs and upcoming events (M9)."""
    competencies = list(Competency.objects.filter(is_active=True, is_priority=True).order_by("name"))
    ids = [c.pk for c in competencies]
    by_competency = {pk: {"program_cards": [], "event_items": [], "program_count": 0} for pk in ids}
    # Counts and the first PER_COMPETENCY cards per competency come from the database (an aggregate and a
    # window over the program–competency links), so the page reads the same rows however big the catalogue.
    links = Program.competencies.through.objects.filter(
        competency__in=ids, program__in=programs_for_competency(ids).values("pk"))
    for competency_id, count in links.values("competency_id").annotate(n=Count("program_id")).values_list(
            "competency_id", "n"):
        by_competency[competency_id]["program_count"] = count
    first = list(links.annotate(place=Window(RowNumber(), partition_by=F("competency_id"),
                                             order_by=[F("program__title").asc(), F("program_id").asc()]))
                 .filter(place__lte=PER_COMPETENCY).values_list("competency_id", "program_id"))
    cards = programs_for_competency(ids).in_bulk([program_id for _c, program_id in first])
    for competency_id, program_id in sorted(first, key=lambda link: (cards[link[1]].title, link[1])):
        by_competency[competency_id]["program_cards"].append(cards[program_id])
    for event in selectors.events_for_competencies(ids)[:500]:
        for competency in event.competencies.all():
            entry = by_competency.get(competency.pk)
            if entry is not None and len(entry["event_items"]) < PER_COMPETENCY:
                entry["event_items"].append(event)
    for competency in competencies:
        competency.__dict__.update(by_competency[competency.pk])
    return render(request, "events/competencies.html", {
        "crumbs": [(_("Priority competencies"), "")], "competencies": competencies,
    })
