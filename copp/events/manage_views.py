"""Cabinet views of the events app: the organisation's events, their forms and statuses, registrations with
the check-in list (htmx) and the xlsx export."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.jobs import rows_over_limit
from copp.core.roles import Cap
from copp.core.views import export_response
from copp.core.workflow import TransitionNotAllowed

from . import selectors
from .forms import EventForm
from .jobs import REGISTRATIONS_EXPORT, exported_registrations
from .models import EventRegistration, EventStatus
from .services import RegistrationRefused, event_save, event_transition, registration_check_in
from .views import PAGE_SIZE
from .workflow import EVENT_WORKFLOW


def _crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), (_("Events of the organisation"), reverse("events:manage")),
            *tail]


@requires(Cap.EVENTS_OWN)
@require_GET
def manage(request):
    """The events the user's organisations hold (every event for CoPP staff), with seats taken."""
    status = request.GET.get("status", "")
    qs = selectors.with_counts(selectors.events_managed_by(request.user).select_related("organizer"))
    if status in EventStatus.values:
        qs = qs.filter(status=status)
    page = lists.page_of(request, qs.order_by("-starts_at", "-pk"), PAGE_SIZE)
    return render(request, "events/manage.html", {
        "crumbs": _crumbs()[:-1] + [(_("Events of the organisation"), "")], **lists.list_context(page),
        "events": page.object_list, "status": status, "statuses": EventStatus.choices,
        "can_add": selectors.organizers_for(request.user).exists(),
    })


def _managed(request, pk):
    return get_object_or_404(selectors.events_managed_by(request.user), pk=pk)


# How each move of an event is offered on its form: label, button style, confirmation.
EVENT_MOVES = {
    EventStatus.PUBLISHED: (gettext_lazy("Publish"), "btn-success", ""),
    EventStatus.DRAFT: (gettext_lazy("Return to drafts"), "btn-outline-secondary", ""),
    EventStatus.CANCELLED: (gettext_lazy("Cancel the event"), "btn-outline-danger", gettext_lazy(
        "Cancel the event? Everyone who signed up will get an e-mail; this cannot be undone.")),
}


def _form_page(request, event):
    organizers = selectors.organizers_for(request.user)
    if event is None and not organizers.exists():
        messages.error(request, _("Your organisation cannot hold events on the platform."))
        return redirect("events:manage")
    data = request.POST if request.method == "POST" else None
    form = EventForm(data, instance=event, organizers=organizers, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_save(actor=request.user, form=form, request=request)
        except PermissionDenied:
            form.add_error("organizer", _("You cannot hold events for this organisation."))
        else:
            messages.success(request, _("The event «%(title)s» has been saved.") % {"title": saved.title})
            return redirect("events:update", pk=saved.pk)
    title = _("Editing: %(title)s") % {"title": event.title} if event else _("New event")
    return render(request, "events/form.html", {
        "crumbs": _crumbs((title, "")), "title": title, "form": form, "event": event,
        "moves": [(target, *EVENT_MOVES[target]) for target in EVENT_WORKFLOW.targets(event.status, request.user)]
        if event else [],
    }, status=400 if form.errors else 200)


@requires(Cap.EVENTS_OWN)
@require_http_methods(["GET", "POST"])
def event_create(request):
    return _form_page(request, None)


@requires(Cap.EVENTS_OWN)
@require_http_methods(["GET", "POST"])
def event_update(request, pk):
    return _form_page(request, _managed(request, pk))


TRANSITION_MESSAGES = {
    EventStatus.PUBLISHED: gettext_lazy("The event is published: it is in the public list and the calendar."),
    EventStatus.DRAFT: gettext_lazy("The event is back in drafts: it is hidden from the public."),
    EventStatus.CANCELLED: gettext_lazy("The event is cancelled. We have e-mailed everyone who signed up."),
}


@requires(Cap.EVENTS_OWN)
@require_POST
def event_transition_view(request, pk):
    event = _managed(request, pk)
    target = request.POST.get("target", "")
    try:
        event_transition(actor=request.user, event=event, target=target, request=request,
                         comment=request.POST.get("comment", "").strip()[:1000])
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(TRANSITION_MESSAGES[target]))
    return redirect("events:update", pk=event.pk)


@requires(Cap.EVENTS_OWN)
@require_GET
def registrations(request, pk):
    """Everyone who signed up, with the check-in list for those registered."""
    event = get_object_or_404(selectors.with_counts(selectors.events_managed_by(request.user)
                                                    .select_related("organizer")), pk=pk)
    rows = list(selectors.event_registrations(event))
    return render(request, "events/registrations.html", {
        "crumbs": _crumbs((event.title, reverse("events:update", args=[event.pk])), (_("Registrations"), "")),
        "event": event, "rows": rows,
        "came": sum(1 for r in rows if r.checked_in_at),
    })


@requires(Cap.EVENTS_OWN)
@require_POST
def check_in(request, pk):
    """Mark or unmark that a participant came; htmx swaps the row, a plain form goes back to the list."""
    registration = get_object_or_404(EventRegistration.objects.select_related("event", "user").filter(
        event__in=selectors.events_managed_by(request.user)), pk=pk)
    came = request.POST.get("came") == "1"
    error = None
    try:
        registration = registration_check_in(actor=request.user, registration=registration, came=came,
                                             request=request)
    except RegistrationRefused as refused:
        error = str(refused)
    if request.headers.get("HX-Request"):
        return render(request, "events/includes/registration_row.html",
                      {"row": registration, "error": error, "index": request.POST.get("index", "")},
                      status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect("events:registrations", pk=registration.event_id)


@requires(Cap.EVENTS_OWN)
@require_GET
def export(request, pk):
    """The event's registrations as an Excel file; a big event's is prepared as a background job."""
    event = _managed(request, pk)
    query = QueryDict(mutable=True)
    query["event"] = str(event.pk)
    return export_response(request, REGISTRATIONS_EXPORT, rows=rows_over_limit(exported_registrations(event)),
                           query=query)
