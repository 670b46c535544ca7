"""A citizen's application (M10): form -> «Проверьте данные» -> confirmation; «Мои заявки» with timelines."""
import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.files import private_file_response
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed

from .. import selectors, services
from ..forms import ApplicationForm, CitizenResubmitForm, WithdrawForm
from ..models import ApplicationDocument, ApplicationKind, ApplicationStatus, DocumentKind, LearnerCategory
from ..workflow import APPLICATION
from .common import from_json_date, session_get, session_put, steps, timeline, to_json

DRAFTS = "application_drafts"  # session: {program pk: draft}
DONE = "application_done"  # session: {program pk: application pk}
PERSON = ("last_name", "first_name", "patronymic", "birth_date", "phone", "email", "snils", "education", "category")


def _program(program_pk):
    return get_object_or_404(selectors.programs_open_for_applications(), pk=program_pk)


def _crumbs(program, label):
    return [(program.title, reverse("programs:detail", args=[program.pk])), (label, "")]


def _uploaded(request, draft) -> dict:
    """kind -> file name of the scans already attached to the draft."""
    ids = (draft or {}).get("documents") or {}
    docs = ApplicationDocument.objects.filter(pk__in=ids.values(), owner=request.user, application__isnull=True)
    names = {d.pk: d.original_name for d in docs}
    return {kind: names[pk] for kind, pk in ids.items() if pk in names}


def _complete(draft) -> bool:
    """A draft the form accepted (it has the person's details and a token), not only scans kept after an error."""
    return bool(draft) and "token" in draft


def _keep_valid_scans(request, form, draft) -> dict | None:
    """After a mistake elsewhere in the form, the scans that passed their checks are kept with the draft, so the
    citizen does not have to choose them again (issue 13); None when none was chosen or none passed."""
    documents = dict((draft or {}).get("documents") or {})
    changed = False
    for kind, name in form.document_fields:
        file = request.FILES.get(name)
        if file is None or name in form.errors:
            continue
        documents[kind] = services.document_upload(owner=request.user, kind=kind, file=file,
                                                   replaces=documents.get(kind)).pk
        changed = True
    return documents if changed else None


@requires(Cap.APPLICATIONS_APPLY)
@require_http_methods(["GET", "POST"])
def apply(request, program_pk):
    """Apply to a program: the form filled from the profile, documents and consent."""
    program = _program(program_pk)
    key = str(program.pk)
    draft = session_get(request, DRAFTS).get(key)
    if request.GET.get("step") == "review":
        return _review(request, program, draft)
    existing = services.active_application_of(request.user, program)
    if existing is not None:
        return render(request, "admissions/apply_exists.html", {
            "program": program, "application": existing, "crumbs": _crumbs(program, _("Application"))})
    kinds = services.document_kinds_for(program)
    uploaded = _uploaded(request, draft)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, document_kinds=kinds, uploaded=uploaded)
        if form.is_valid():
            documents = dict((draft or {}).get("documents") or {})
            for kind, name in form.document_fields:
                file = form.cleaned_data.get(name)
                if file:  # a new scan of a kind replaces the draft's earlier one (deleted with its file)
                    documents[kind] = services.document_upload(owner=request.user, kind=kind, file=file,
                                                               replaces=documents.get(kind)).pk
            data = to_json({f: form.cleaned_data.get(f) for f in PERSON})
            session_put(request, DRAFTS, key, {**data, "comment": form.cleaned_data["comment"],
                                               "consent": form.cleaned_data["consent"],
                                               "documents": documents, "token": secrets.token_hex(16)})
            return redirect(reverse("admissions:apply", args=[program.pk]) + "?step=review")
        kept = _keep_valid_scans(request, form, draft)
        if kept is not None:  # the form again, the kept scans shown as attached and no longer asked for
            draft = {**(draft or {}), "documents": kept}
            session_put(request, DRAFTS, key, draft)
            form = ApplicationForm(request.POST, document_kinds=kinds, uploaded=_uploaded(request, draft))
            form.is_valid()
    else:
        initial = dict(draft) if _complete(draft) else ApplicationForm.initial_from_profile(request.user)
        if _complete(draft):
            initial["birth_date"] = from_json_date(draft.get("birth_date"))
            initial["consent"] = True
        form = ApplicationForm(initial=initial, document_kinds=kinds, uploaded=uploaded)
    return render(request, "admissions/apply_form.html", {
        "program": program, "form": form, "steps": steps(1), "crumbs": _crumbs(program, _("Application"))})


def _review(request, program, draft):
    key = str(program.pk)
    if not _complete(draft):
        done = session_get(request, DONE).get(key)
        if request.method == "POST" and done:  # a repeated click after the application was sent
            return redirect("admissions:apply_done", pk=done)
        return redirect("admissions:apply", program_pk=program.pk)
    if request.method == "POST":
        if request.POST.get("action") != "submit":
            return redirect("admissions:apply", program_pk=program.pk)  # «Изменить»
        documents = list(ApplicationDocument.objects.filter(
            pk__in=(draft.get("documents") or {}).values(), owner=request.user, application__isnull=True))
        person = {f: draft.get(f) for f in PERSON}
        person["birth_date"] = from_json_date(person["birth_date"])
        try:
            application = services.application_submit(
                actor=request.user, program=program, person=person, documents=documents,
                consent=bool(draft.get("consent")), comment=draft.get("comment", ""), token=draft.get("token", ""),
                request=request)
        except services.ApplicationRefused as error:
            messages.error(request, str(error))
            return redirect("admissions:apply", program_pk=program.pk)
        session_put(request, DRAFTS, key, None)
        session_put(request, DONE, key, application.pk)
        return redirect("admissions:apply_done", pk=application.pk)
    labels = dict(DocumentKind.choices)
    uploaded = _uploaded(request, draft)
    rows = [(_("Surname"), draft["last_name"]), (_("First name"), draft["first_name"]),
            (_("Patronymic"), draft["patronymic"]),
            (_("Birth date"), from_json_date(draft.get("birth_date"))),
            (_("Phone"), draft["phone"]), (_("E-mail"), draft["email"]), (_("SNILS"), draft["snils"]),
            (_("Education"), draft["education"]),
            (_("Who you are"), LearnerCategory(draft.get("category") or "").label)]
    documents = [(labels[kind], name) for kind, name in uploaded.items()]
    return render(request, "admissions/apply_review.html", {
        "program": program, "rows": rows, "documents": documents, "comment": draft.get("comment", ""),
        "steps": steps(2), "crumbs": _crumbs(program, _("Check the details"))})


def _own(request, pk):
    qs = selectors.applications_visible_to(request.user).filter(applicant=request.user,
                                                                kind=ApplicationKind.INDIVIDUAL)
    return get_object_or_404(qs.select_related("program", "program__provider"), pk=pk)


@requires(Cap.APPLICATIONS_APPLY)
@require_GET
def apply_done(request, pk):
    application = _own(request, pk)
    return render(request, "admissions/apply_done.html", {
        "application": application, "program": application.program, "steps": steps(3),
        "crumbs": _crumbs(application.program, _("Application sent"))})


@requires(Cap.APPLICATIONS_APPLY)
@require_GET
def mine(request):
    """«Мои заявки»: the citizen's applications, newest first, with their current status."""
    qs = (selectors.applications_visible_to(request.user)
          .filter(applicant=request.user, kind=ApplicationKind.INDIVIDUAL)
          .select_related("program", "program__provider").order_by("-submitted_at", "-id"))
    page = lists.page_of(request, qs, 20)
    return render(request, "admissions/mine.html", {
        "page_obj": page, "applications": page.object_list,
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My applications"), "")]})


@requires(Cap.APPLICATIONS_APPLY)
@require_GET
def my_detail(request, pk):
    """One application with its timeline; withdraw it or fix and resubmit after «needs changes»."""
    return _detail_page(request, _own(request, pk))


def _detail_page(request, application, resubmit_form=None):
    targets = APPLICATION.targets(application.status, request.user)
    return render(request, "admissions/my_detail.html", {
        "application": application, "history": timeline(application),
        "documents": application.documents.all(),
        "can_withdraw": ApplicationStatus.WITHDRAWN in targets,
        "can_resubmit": ApplicationStatus.SUBMITTED in targets,
        "resubmit_form": resubmit_form or CitizenResubmitForm(initial=CitizenResubmitForm.initial_from(application)),
        "withdraw_form": WithdrawForm(),
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My applications"), reverse("admissions:mine")),
                   (str(application), "")]})


@requires(Cap.APPLICATIONS_APPLY)
@require_POST
def my_withdraw(request, pk):
    application = _own(request, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.application_set_status(actor=request.user, application=application,
                                        target=ApplicationStatus.WITHDRAWN,
                                        comment=form.cleaned_data.get("comment", ""), request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Application № %(number)s has been withdrawn.") % {"number": application.number})
    return redirect("admissions:my_detail", pk=application.pk)


@requires(Cap.APPLICATIONS_APPLY)
@require_POST
def my_resubmit(request, pk):
    """Send the application again with corrected details and, if needed, a corrected scan."""
    application = _own(request, pk)
    form = CitizenResubmitForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, application, resubmit_form=form)
    data = form.cleaned_data
    try:
        services.application_resubmit(actor=request.user, application=application, comment=data["comment"],
                                      person={f: data.get(f) for f in PERSON}, document=data.get("document"),
                                      document_kind=data.get("document_kind") or DocumentKind.OTHER,
                                      request=request)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Application № %(number)s has been sent again. We will tell you the decision "
                                    "by e-mail.") % {"number": application.number})
    return redirect("admissions:my_detail", pk=application.pk)


def document_response(document):
    if not document.file:
        raise Http404
    return private_file_response(document.file, content_type=document.content_type, filename=document.original_name)


@requires(Cap.APPLICATIONS_APPLY)
@require_GET
def my_document(request, pk):
    document = get_object_or_404(ApplicationDocument.objects.filter(
        application__applicant=request.user, application__kind=ApplicationKind.INDIVIDUAL), pk=pk)
    return document_response(document)
