"""Organisations' applications: employers' mass applications (table or xlsx) and new-program requests (M11),
teacher lists in collection campaigns (M12), the organisation's own list with statuses per participant."""
import secrets

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.roles import Cap
from copp.core.validators import format_snils
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import Organization
from copp.programs.models import Program

from .. import imports, selectors, services
from ..exports import XLSX_CONTENT_TYPE
from ..forms import (
    MassApplicationForm,
    NewProgramRequestForm,
    ResubmitForm,
    UploadForm,
    UpskillingListForm,
    WithdrawForm,
    participant_edit_formset,
    participant_formset,
    participant_initial,
)
from ..models import Application, ApplicationKind, ApplicationStatus, Campaign
from ..workflow import APPLICATION
from .common import session_get, session_put, steps, timeline, to_json

DRAFTS = "org_application_drafts"  # session: {flow key: draft}
DONE = "org_application_done"  # session: {flow key: pk of the application the flow's last draft made}
MORE_ROWS = 5


def _cabinet_crumbs(*items):
    return [(_("Cabinet"), reverse("portal:cabinet")),
            (_("Organisation applications"), reverse("admissions:org_list")), *items]


def _org_visible(request):
    """Applications of the user's organisations, and (for partners) those to their programs."""
    orgs = selectors.member_organization_ids(request.user)
    return selectors.applications_visible_to(request.user).filter(Q(organization_id__in=orgs)
                                                                  | Q(provider_id__in=orgs))


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_GET
def org_list(request):
    """The organisation's applications with statuses; links to the new ones."""
    orgs = selectors.member_organization_ids(request.user)
    qs = (Application.objects.filter(organization_id__in=orgs)
          .select_related("program", "organization", "campaign").order_by("-submitted_at", "-id"))
    page = lists.page_of(request, qs, 20)
    return render(request, "admissions/org_list.html", {
        "page_obj": page, "applications": page.object_list,
        "has_organization": bool(orgs), "campaigns": selectors.campaigns_open()[:5],
        "crumbs": _cabinet_crumbs()[:-1] + [(_("Organisation applications"), "")]})


def _org_application(request, pk):
    qs = _org_visible(request).select_related("program", "organization", "campaign", "provider")
    return get_object_or_404(qs, pk=pk)


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_GET
def org_detail(request, pk):
    """An organisation's application: status, timeline and the status of every participant."""
    return _detail_page(request, _org_application(request, pk))


def _has_list(application) -> bool:
    return application.kind in (ApplicationKind.MASS, ApplicationKind.UPSKILLING)


def _listed(application):
    return application.participants.exclude(status=ApplicationStatus.WITHDRAWN)


def _edit_formset(application, data=None):
    FormSet = participant_edit_formset(teacher=application.kind == ApplicationKind.UPSKILLING)
    if data is not None:
        return FormSet(data, prefix="p")
    return FormSet(initial=participant_initial(_listed(application)), prefix="p")


def _detail_page(request, application, resubmit_form=None, formset=None):
    applicant_side = selectors.is_applicant_side(request.user, application)
    targets = APPLICATION.targets(application.status, request.user) if applicant_side else []
    can_resubmit = ApplicationStatus.SUBMITTED in targets
    if can_resubmit and formset is None and _has_list(application):
        formset = _edit_formset(application)
    return render(request, "admissions/org_detail.html", {
        "application": application, "history": timeline(application),
        "participants": application.participants.all(),
        "can_withdraw": ApplicationStatus.WITHDRAWN in targets,
        "can_resubmit": can_resubmit, "participants_formset": formset if can_resubmit else None,
        "resubmit_form": resubmit_form or ResubmitForm(), "withdraw_form": WithdrawForm(),
        "crumbs": _cabinet_crumbs((str(application), ""))})


def _org_move(request, pk, target, success):
    application = _org_application(request, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.application_set_status(actor=request.user, application=application, target=target,
                                        comment=form.cleaned_data.get("comment", ""), request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success % {"number": application.number})
    return redirect("admissions:org_detail", pk=application.pk)


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_POST
def org_withdraw(request, pk):
    return _org_move(request, pk, ApplicationStatus.WITHDRAWN, _("Application № %(number)s has been withdrawn."))


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_POST
def org_resubmit(request, pk):
    """Send the application again after «needs changes», with the corrected participants' list."""
    application = _org_application(request, pk)
    form = ResubmitForm(request.POST)
    formset = _edit_formset(application, request.POST) if _has_list(application) and "p-TOTAL_FORMS" in request.POST \
        else None
    if not form.is_valid() or (formset is not None and not formset.is_valid()):
        return _detail_page(request, application, resubmit_form=form, formset=formset)
    try:
        services.organization_application_resubmit(
            actor=request.user, application=application, comment=form.cleaned_data["comment"],
            rows=formset.rows() if formset is not None else None, request=request)
    except (TransitionNotAllowed, services.ApplicationRefused) as error:
        messages.error(request, str(error))
        application.refresh_from_db()  # the status change was rolled back with the list
        if formset is not None and isinstance(error, services.ApplicationRefused):
            return _detail_page(request, application, resubmit_form=form, formset=formset)
    else:
        messages.success(request, _("Application № %(number)s has been sent again.") % {"number": application.number})
    return redirect("admissions:org_detail", pk=application.pk)


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_GET
def participants_template(request):
    """The xlsx template of a participants' list (?teacher=1 for a teacher list)."""
    teacher = request.GET.get("teacher") == "1"
    response = HttpResponse(imports.template_xlsx(teacher), content_type=XLSX_CONTENT_TYPE)
    name = "teachers-template.xlsx" if teacher else "participants-template.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The participants' flow shared by mass applications and teacher lists ---------------------------

def _formset(request, teacher, rows=None, extra=MORE_ROWS):
    FormSet = participant_formset(teacher, extra=extra)
    if request.method == "POST" and request.POST.get("action") in ("continue", "more"):
        return FormSet(request.POST, prefix="p")
    return FormSet(initial=rows or None, prefix="p")


def _participants_step(request, *, flow, teacher, head_form, template, context, on_rows):
    """Step 1: the head form plus participants typed into the table or uploaded from xlsx."""
    draft = session_get(request, DRAFTS).get(flow)
    upload_form = UploadForm()
    formset = _formset(request, teacher, rows=(draft or {}).get("rows"))
    action = request.POST.get("action") if request.method == "POST" else ""
    if action == "more":  # more empty rows, keeping what was typed
        data = request.POST.copy()
        total = int(data.get("p-TOTAL_FORMS") or 0) + MORE_ROWS
        data["p-TOTAL_FORMS"] = str(min(total, 500))
        formset = participant_formset(teacher, extra=0)(data, prefix="p")
    elif action == "upload":
        upload_form = UploadForm(request.POST, request.FILES)
        if head_form.is_valid() and upload_form.is_valid():
            rows, errors = imports.read_participants(upload_form.cleaned_data["file"], teacher=teacher)
            if errors:
                for error in errors:
                    upload_form.add_error("file", error)
            else:
                return on_rows(head_form.cleaned_data, rows)
    elif action == "continue" and head_form.is_valid() and formset.is_valid():
        return on_rows(head_form.cleaned_data, formset.rows())
    return render(request, template, {**context, "form": head_form, "formset": formset,
                                      "show_errors": action == "continue",
                                      "upload_form": upload_form, "teacher": teacher, "steps": steps(1)})


def _save_draft(request, flow, head: dict, rows, review_url):
    head = {k: (v.pk if hasattr(v, "pk") else v) for k, v in head.items()}
    session_put(request, DRAFTS, flow, {"head": to_json(head), "rows": imports.rows_to_draft(rows),
                                        "token": secrets.token_hex(16)})
    return redirect(review_url)


def _review_step(request, *, flow, teacher, back_url, context, submit):
    draft = session_get(request, DRAFTS).get(flow)
    if not draft:
        done = session_get(request, DONE).get(flow)
        if request.method == "POST" and request.POST.get("action") == "submit" and done:
            # A repeated click after the application was sent: show it, make no other.
            messages.info(request, _repeat_message(Application.objects.filter(pk=done).first()))
            return redirect("admissions:org_detail", pk=done)
        return redirect(back_url)
    if request.method == "POST":
        if request.POST.get("action") != "submit":
            return redirect(back_url)
        try:
            application = submit(draft)
        except services.ApplicationRefused as error:
            messages.error(request, str(error))
            return redirect(back_url)
        session_put(request, DRAFTS, flow, None)
        session_put(request, DONE, flow, application.pk)
        if getattr(application, "repeated", False):
            messages.info(request, _repeat_message(application))
        else:
            messages.success(request, _("Application № %(number)s has been sent. We will tell you the decision by "
                                        "e-mail; the status of each participant is shown below.")
                             % {"number": application.number})
            taken = selectors.snils_conflicts(draft["rows"], exclude_application=application)
            if taken:
                messages.warning(request, _("The SNILS %(snils)s is already known under another person's name. CoPP "
                                            "staff will check it with you.") % {"snils": ", ".join(sorted(taken))})
        return redirect("admissions:org_detail", pk=application.pk)
    # A SNILS already known under another name is pointed out before sending (the other person is not named:
    # their data are not the applicant's); the application may still be sent and staff resolve it in the inbox.
    taken = selectors.snils_conflicts(draft["rows"])
    rows = [{**row, "snils_taken": format_snils(row.get("snils") or "") in taken} for row in draft["rows"]]
    return render(request, "admissions/org_review.html", {**context, "rows": rows, "teacher": teacher,
                                                          "snils_taken": bool(taken),
                                                          "steps": steps(2), "back_url": back_url})


def _repeat_message(application) -> str:
    return _("Application № %(number)s has already been sent: the repeated click did not create another "
             "one.") % {"number": application.number if application else "—"}


def _own_organization(request, pk, organizations):
    return next((o for o in organizations if o.pk == int(pk)), None) if str(pk).isdigit() else None


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_http_methods(["GET", "POST"])
def mass_apply(request):
    """An application for several employees to one program (M11)."""
    organizations = selectors.applying_organizations(request.user)
    url = reverse("admissions:mass_apply")
    context = {"organizations": organizations, "title": _("Application for employees"),
               "crumbs": _cabinet_crumbs((_("Application for employees"), ""))}
    if request.GET.get("step") == "review":
        def submit(draft):
            head = draft["head"]
            organization = _own_organization(request, head["organization"], organizations)
            program = selectors.programs_open_for_applications().filter(pk=head["program"]).first()
            if organization is None or program is None:
                raise services.ApplicationRefused(_("The program is no longer open for applications."))
            return services.mass_application_submit(actor=request.user, organization=organization, program=program,
                                                    rows=draft["rows"], comment=head.get("comment", ""),
                                                    token=draft["token"], request=request)
        draft = session_get(request, DRAFTS).get("mass") or {}
        head = draft.get("head") or {}
        context["summary"] = [
            (_("Organisation"), Organization.objects.filter(pk=head.get("organization")).first()),
            (_("Program"), Program.objects.filter(pk=head.get("program")).first()),
            (_("Comment to the application"), head.get("comment", ""))]
        return _review_step(request, flow="mass", teacher=False, back_url=url, context=context, submit=submit)
    if not organizations:
        return render(request, "admissions/org_none.html", context)
    draft = session_get(request, DRAFTS).get("mass")
    initial = (draft or {}).get("head") or {"program": request.GET.get("program")}
    form = MassApplicationForm(request.POST or None, organizations=organizations, initial=initial)
    return _participants_step(
        request, flow="mass", teacher=False, head_form=form, template="admissions/mass_form.html", context=context,
        on_rows=lambda head, rows: _save_draft(request, "mass", head, rows, url + "?step=review"))


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_http_methods(["GET", "POST"])
def new_program_request(request):
    """A request to develop a new program for the organisation (M11)."""
    organizations = selectors.applying_organizations(request.user)
    context = {"title": _("Request for a new program"),
               "crumbs": _cabinet_crumbs((_("Request for a new program"), ""))}
    if not organizations:
        return render(request, "admissions/org_none.html", context)
    form = NewProgramRequestForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            application = services.new_program_request_submit(
                actor=request.user, organization=organization, data=data, token=request.POST.get("token", "")[:64],
                request=request)
        except services.ApplicationRefused as error:
            messages.error(request, str(error))
        else:
            if getattr(application, "repeated", False):
                messages.info(request, _("Request № %(number)s has already been sent: the repeated click did not "
                                         "create another one.") % {"number": application.number})
            else:
                messages.success(request, _("Request № %(number)s has been sent. CoPP staff will contact you.")
                                 % {"number": application.number})
            return redirect("admissions:org_detail", pk=application.pk)
    token = request.POST.get("token") if request.method == "POST" else ""
    return render(request, "admissions/new_program_form.html", {**context, "form": form,
                                                                "token": token or secrets.token_hex(16)})


# --- Collection campaigns, the organisation's side (M12) ---------------------------------------------

@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_GET
def org_campaigns(request):
    """Open campaigns for teacher upskilling, with the quota left for each of the user's organisations."""
    organizations = selectors.educational_organizations(request.user)
    campaigns = list(selectors.campaigns_open().prefetch_related("programs"))
    organizations = list(organizations)
    used = selectors.campaign_usage(campaigns, organizations)  # one query, not one per campaign and organisation
    for campaign in campaigns:
        campaign.quota_rows = [(o, max(campaign.quota - used.get((campaign.pk, o.pk), 0), 0)) for o in organizations]
    return render(request, "admissions/org_campaigns.html", {
        "campaigns": campaigns, "organizations": organizations,
        "crumbs": _cabinet_crumbs((_("Teacher upskilling campaigns"), ""))})


@requires(Cap.APPLICATIONS_ORG_APPLY)
@require_http_methods(["GET", "POST"])
def org_campaign(request, pk):
    """Send a list of teachers to a campaign program, until the deadline and within the quota."""
    campaign = get_object_or_404(Campaign.objects.prefetch_related("programs"), pk=pk)
    organizations = selectors.educational_organizations(request.user)
    flow = f"campaign-{campaign.pk}"
    url = reverse("admissions:org_campaign", args=[campaign.pk])
    context = {"campaign": campaign, "organizations": organizations, "title": campaign.title,
               "quota_rows": [(o, services.campaign_quota_left(campaign, o)) for o in organizations],
               "is_open": campaign.deadline > timezone.now(),
               "crumbs": _cabinet_crumbs((_("Teacher upskilling campaigns"), reverse("admissions:org_campaigns")),
                                         (campaign.title, ""))}
    if request.GET.get("step") == "review":
        def submit(draft):
            head = draft["head"]
            organization = _own_organization(request, head["organization"], organizations)
            program = campaign.programs.filter(pk=head["program"]).first()
            if organization is None or program is None:
                raise services.ApplicationRefused(_("This program is not part of the campaign."))
            return services.upskilling_list_submit(actor=request.user, organization=organization, campaign=campaign,
                                                   program=program, rows=draft["rows"], token=draft["token"],
                                                   request=request)
        draft = session_get(request, DRAFTS).get(flow) or {}
        head = draft.get("head") or {}
        context["summary"] = [
            (_("Organisation"), Organization.objects.filter(pk=head.get("organization")).first()),
            (_("Program"), Program.objects.filter(pk=head.get("program")).first())]
        return _review_step(request, flow=flow, teacher=True, back_url=url, context=context, submit=submit)
    if not organizations or not context["is_open"]:
        return render(request, "admissions/org_campaign_closed.html", context)
    draft = session_get(request, DRAFTS).get(flow)
    form = UpskillingListForm(request.POST or None, organizations=organizations, campaign=campaign,
                              initial=(draft or {}).get("head"))
    return _participants_step(
        request, flow=flow, teacher=True, head_form=form, template="admissions/campaign_list_form.html",
        context=context, on_rows=lambda head, rows: _save_draft(request, flow, head, rows, url + "?step=review"))


