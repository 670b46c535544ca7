"""Processing (M19): the one inbox with filters, keyset pages, counts per status, bulk changes, export;
an application's processing page; collection campaigns for staff (M12)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.jobs import rows_over_limit
from copp.core.roles import Cap
from copp.core.views import export_response
from copp.core.workflow import TransitionNotAllowed
from copp.events.models import RegistrationStatus

from .. import selectors, services
from ..forms import AssignForm, BulkForm, CampaignForm, DecisionForm
from ..jobs import INBOX_EXPORT, filtered_inbox
from ..models import ApplicationDocument, ApplicationKind, ApplicationStatus, Campaign, Participant
from ..workflow import APPLICATION, COMMENT_REQUIRED, PARTICIPANT_TARGETS
from .citizen import document_response
from .common import status_label, timeline

PAGE_SIZE = 25


def _filtered(request):
    return filtered_inbox(request.user, request.GET)


# Query parameters shown as chips and their keys among the filter's values; a changed filter starts again from
# the first keyset page.
INBOX_CHIPS = {"q": "text", "kind": "kind", "status": "status", "program": "program", "organization": "organization",
               "assignee": "assignee", "category": "category", "date_from": "date_from", "date_to": "date_to"}


# A text search counts its matches by status among at most this many: the matches of a common surname are found
# only by checking row after row (a region holds tens of thousands of Ivanovs), and counting ten thousand of them
# took 0.1 s at a region's scale (M32); the list itself pages by keyset and needs no count.
SEARCH_COUNT_CAP = 1_000


def _count_cap(values) -> int:
    return SEARCH_COUNT_CAP if values.get("text") else lists.COUNT_CAP


def _registrations_page(request, values, sort):
    """Event registrations (the inbox's «Event registrations» kind): rows, next cursor, counts."""
    base = selectors.registrations_processed_by(request.user)
    qs = selectors.registrations_filter(base, **values).select_related("event", "event__organizer", "user")
    rows, next_cursor = selectors.keyset_page(qs, sort=sort, cursor=request.GET.get("after", ""), size=PAGE_SIZE,
                                              orderings=selectors.REGISTRATION_ORDERINGS)
    counts = selectors.status_counts(selectors.registrations_filter(
        base, **{k: v for k, v in values.items() if k != "status"}), _count_cap(values))
    return rows, next_cursor, counts, RegistrationStatus.choices


@requires(Cap.APPLICATIONS_PROCESS)
@require_GET
def inbox(request):
    """The one inbox of applications of every kind (and event registrations): filters, sorting, counts,
    keyset pages."""
    form, values, sort, qs = _filtered(request)
    registrations = values.get("kind") == selectors.EVENT_KIND
    if registrations:
        # Programs and assignees belong to applications; registrations have neither, so those filters go.
        for name in ("program", "assignee", "category"):
            form.fields.pop(name, None)
            values.pop(name, None)
        rows, next_cursor, (counts, capped), statuses = _registrations_page(request, values, sort)
    else:
        rows, next_cursor = selectors.keyset_page(selectors.with_list_relations(qs), sort=sort,
                                                  cursor=request.GET.get("after", ""), size=PAGE_SIZE)
        counts_qs = selectors.inbox_filter(selectors.applications_processed_by(request.user),
                                           **{k: v for k, v in values.items() if k != "status"})
        counts, capped = selectors.status_counts(counts_qs, _count_cap(values))
        statuses = ApplicationStatus.choices
    status_cards = []
    for code, label in statuses:
        query = request.GET.copy()
        query.pop("after", None)
        query["status"] = code
        status_cards.append({"code": code, "label": label, "count": counts.get(code, 0),
                             "active": values.get("status") == code, "url": "?" + query.urlencode()})
    query = request.GET.copy()
    query.pop("after", None)
    next_query = request.GET.copy()
    if next_cursor:
        next_query["after"] = next_cursor
    return render(request, "admissions/inbox.html", {
        "filter_form": form, "applications": [] if registrations else rows,
        "registrations": rows if registrations else [], "is_registrations": registrations,
        "status_cards": status_cards, "capped": capped,
        "count_cap": _count_cap(values), "sort": sort,
        "chips": lists.chips(request, form, values, INBOX_CHIPS, url=reverse("admissions:inbox"), dropped=("after",)),
        "sort_choices": form.fields["sort"].choices, "export_query": query.urlencode(),
        "first_page_url": "?" + query.urlencode() if request.GET.get("after") else "",
        "next_url": "?" + next_query.urlencode() if next_cursor else "",
        "bulk_targets": [(c, label) for c, label in ApplicationStatus.choices
                         if c not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
                         and (c != ApplicationStatus.ENROLLED
                              or has_capability(request.user, Cap.APPLICATIONS_ENROLL))],
        "show_snils": has_capability(request.user, Cap.APPLICATIONS_ALL),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Applications inbox"), "")]})


@requires(Cap.APPLICATIONS_PROCESS)
@require_GET
def inbox_export(request):
    """The filtered inbox as an Excel file; a big one is prepared in the background (copp.core.jobs)."""
    _form, _values, _sort, qs = _filtered(request)
    return export_response(request, INBOX_EXPORT, rows=rows_over_limit(qs))


@requires(Cap.APPLICATIONS_PROCESS)
@require_POST
def inbox_bulk(request):
    """One status change with one comment for the chosen applications; each that cannot move says why."""
    form = BulkForm(request.POST)
    back = reverse("admissions:inbox") + (("?" + request.POST["query"]) if request.POST.get("query") else "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    target, comment = form.cleaned_data["target"], form.cleaned_data["comment"]
    if target in COMMENT_REQUIRED and not comment.strip():
        messages.error(request, _("Give the reason: the applicant will read it."))
        return redirect(back)
    applications = list(selectors.applications_processed_by(request.user)
                        .filter(pk__in=form.cleaned_data["ids"]).order_by("pk"))
    done, failed = services.application_bulk_set_status(actor=request.user, applications=applications,
                                                        target=target, comment=comment, request=request)
    if done:
        messages.success(request, ngettext("%(n)d application moved to «%(status)s».",
                                           "%(n)d applications moved to «%(status)s».", len(done))
                         % {"n": len(done), "status": status_label(target)})
    for application, reason in failed[:10]:
        messages.warning(request, f"№ {application.number}: {reason}")
    return redirect(back)


def _processed(request, pk):
    qs = selectors.applications_processed_by(request.user).select_related(
        "program", "program__provider", "organization", "assignee", "campaign", "applicant")
    return get_object_or_404(qs, pk=pk)


def _inbox_detail(request, application, *, decision_form=None, status=200):
    targets = [t for t in APPLICATION.targets(application.status, request.user)
               if t not in (ApplicationStatus.WITHDRAWN, ApplicationStatus.SUBMITTED)]
    show_snils = has_capability(request.user, Cap.APPLICATIONS_ALL)
    participants = list(application.participants.all())
    # A SNILS the platform knows under another name: staff see whose it is and resolve it with the organisation
    # (ask for changes, refuse the participant); those who do not see SNILS are not shown other people's names.
    conflicts = selectors.snils_conflicts(participants, exclude_application=application) if show_snils else {}
    for participant in participants:
        participant.snils_others = conflicts.get(participant.snils, [])
    return render(request, "admissions/inbox_detail.html", {
        "application": application, "history": timeline(application), "snils_conflicts": bool(conflicts),
        "participants": participants, "documents": application.documents.all(),
        "targets": [(t, status_label(t)) for t in targets],
        "participant_targets": [(t, status_label(t)) for t in PARTICIPANT_TARGETS],
        "can_decide_participants": application.status == ApplicationStatus.IN_REVIEW,
        "decision_form": decision_form or DecisionForm(),
        "assign_form": AssignForm(initial={"assignee": application.assignee_id}),
        "can_assign": has_capability(request.user, Cap.APPLICATIONS_ALL),
        "show_snils": show_snils,
        "is_individual": application.kind == ApplicationKind.INDIVIDUAL,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Applications inbox"), reverse("admissions:inbox")),
                   (str(application), "")]}, status=status)


@requires(Cap.APPLICATIONS_PROCESS)
@require_GET
def inbox_detail(request, pk):
    return _inbox_detail(request, _processed(request, pk))


@requires(Cap.APPLICATIONS_PROCESS)
@require_POST
def inbox_status(request, pk):
    """Change an application's status with a comment for the applicant."""
    application = _processed(request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _inbox_detail(request, application, decision_form=form, status=400)
    target = form.cleaned_data["target"]
    try:
        services.application_set_status(actor=request.user, application=application, target=target,
                                        comment=form.cleaned_data["comment"], request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Application № %(number)s: the status is now «%(status)s». The applicant has "
                                    "been notified.") % {"number": application.number, "status": status_label(target)})
    return redirect("admissions:inbox_detail", pk=application.pk)


@requires(Cap.APPLICATIONS_ALL)
@require_POST
def inbox_assign(request, pk):
    application = _processed(request, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.application_assign(actor=request.user, application=application,
                                    assignee=form.cleaned_data["assignee"], request=request)
        messages.success(request, _("The responsible person has been changed."))
    else:
        messages.error(request, _("Choose a CoPP staff member."))
    return redirect("admissions:inbox_detail", pk=application.pk)


@requires(Cap.APPLICATIONS_PROCESS)
@require_POST
def participant_status(request, pk):
    """Accept or refuse one participant of an organisation's application."""
    participant = get_object_or_404(Participant.objects.select_related("application").filter(
        application__in=selectors.applications_processed_by(request.user)), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the participant's new status."))
    else:
        try:
            services.participant_set_status(actor=request.user, participant=participant,
                                            target=form.cleaned_data["target"],
                                            comment=form.cleaned_data["comment"], request=request)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s: «%(status)s».") % {
                "name": participant.full_name, "status": status_label(participant.status)})
    return redirect("admissions:inbox_detail", pk=participant.application_id)


@requires(Cap.APPLICATIONS_PROCESS)
@require_GET
def inbox_document(request, pk):
    document = get_object_or_404(ApplicationDocument.objects.filter(
        application__in=selectors.applications_processed_by(request.user)), pk=pk)
    return document_response(document)


# --- Collection campaigns, the staff side (M12) -------------------------------------------------------

@requires(Cap.CAMPAIGNS_MANAGE)
@require_GET
def campaigns(request):
    """Collection campaigns by deadline, latest first, in pages; `q` finds them by a part of the title."""
    text = lists.search_text(request)
    qs = Campaign.objects.prefetch_related("programs").order_by("-deadline", "-pk")
    if text:
        qs = qs.filter(title__icontains=text)
    page = lists.page_of(request, qs, PAGE_SIZE)
    return render(request, "admissions/campaigns.html", {
        "page_obj": page, "campaigns": page.object_list, "count": page.paginator.count, "q": text,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Collection campaigns"), "")]})


@requires(Cap.CAMPAIGNS_MANAGE)
@require_http_methods(["GET", "POST"])
def campaign_new(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_open(actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("The campaign «%(title)s» is open. Organisations can send lists until the "
                                    "deadline.") % {"title": campaign.title})
        return redirect("admissions:campaign_detail", pk=campaign.pk)
    return render(request, "admissions/campaign_form.html", {
        "form": form, "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                                 (_("Collection campaigns"), reverse("admissions:campaigns")),
                                 (_("New campaign"), "")]})


@requires(Cap.CAMPAIGNS_MANAGE)
@require_GET
def campaign_detail(request, pk):
    """A campaign: its lists per organisation, with the quota used."""
    campaign = get_object_or_404(Campaign.objects.prefetch_related("programs"), pk=pk)
    lists = (campaign.applications.select_related("organization", "program").order_by("organization__short_name",
                                                                                       "-submitted_at"))
    used = {}
    for application in lists:
        if application.is_active:
            used[application.organization] = used.get(application.organization, 0) + application.participants_count
    return render(request, "admissions/campaign_detail.html", {
        "campaign": campaign, "lists": lists, "used": sorted(used.items(), key=lambda i: i[0].short_name),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")),
                   (_("Collection campaigns"), reverse("admissions:campaigns")), (campaign.title, "")]})
