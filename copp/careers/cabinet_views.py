"""Cabinet views of the careers app: an employer's vacancies and responses, the moderators' queue, matching
corrections, and the import runs with an on-demand start and its progress (M9)."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.jobs import job_start
from copp.core.roles import Cap

from . import selectors
from .forms import ImportStartForm, MatchingForm, ModerationForm, VacancyForm
from .models import ImportTrigger, VacancySource, VacancyStatus
from .services.imports import ImportRefused, import_start
from .services.vacancies import (
    VacancyRefused,
    vacancy_close,
    vacancy_matching_correct,
    vacancy_moderate,
    vacancy_save,
    vacancy_submit,
)

PAGE_SIZE = 25


def _status_filter(request, qs):
    status = request.GET.get("status", "")
    if status in VacancyStatus.values:
        qs = qs.filter(status=status)
    text = lists.search_text(request)
    if text:
        qs = qs.filter(title__icontains=text)
    return qs, status, text


@require_GET
@requires(Cap.VACANCIES_OWN)
def own(request):
    """The employer's vacancies in every status, with the number of responses."""
    qs, status, text = _status_filter(request, selectors.vacancies_managed_by(request.user))
    qs = selectors.with_response_counts(qs.select_related("municipality")).order_by("-created_at", "-pk")
    page = lists.page_of(request, qs, PAGE_SIZE)
    employers = selectors.employer_organizations(request.user)
    return render(request, "careers/own.html", {
        "crumbs": [(_("Our vacancies"), "")], "vacancies": page.object_list, **lists.list_context(page),
        "status": status, "text": text, "statuses": VacancyStatus.choices,
        "unverified": [org for org in employers if not org.is_verified],
    })


def _form_page(request, form, vacancy=None):
    return render(request, "careers/form.html", {
        "crumbs": [(_("Our vacancies"), reverse("careers:own")),
                   (vacancy.title if vacancy else _("New vacancy"), "")],
        "form": form, "vacancy": vacancy}, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@requires(Cap.VACANCIES_OWN)
def vacancy_create(request):
    employers = selectors.employer_organizations(request.user)
    form = VacancyForm(request.POST if request.method == "POST" else None, employers=employers)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = vacancy_save(actor=request.user, form=form, request=request)
        except VacancyRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The vacancy is saved as a draft. Send it to moderation when it is ready."))
            return redirect("careers:update", pk=vacancy.pk)
    return _form_page(request, form)


@require_http_methods(["GET", "POST"])
@requires(Cap.VACANCIES_OWN)
def vacancy_update(request, pk):
    vacancy = get_object_or_404(selectors.vacancies_managed_by(request.user), pk=pk)
    form = VacancyForm(request.POST if request.method == "POST" else None, instance=vacancy,
                       employers=selectors.employer_organizations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            vacancy_save(actor=request.user, form=form, request=request)
        except VacancyRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The vacancy is saved."))
            return redirect("careers:update", pk=vacancy.pk)
    if request.method == "GET":
        form = VacancyForm(instance=vacancy, employers=selectors.employer_organizations(request.user))
    return _form_page(request, form, vacancy)


@require_POST
@requires(Cap.VACANCIES_OWN)
def submit(request, pk):
    vacancy = get_object_or_404(selectors.vacancies_managed_by(request.user), pk=pk)
    try:
        vacancy_submit(actor=request.user, vacancy=vacancy, request=request)
    except VacancyRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vacancy is sent to the CoPP's moderators."))
    return redirect("careers:own")


@require_POST
@requires(Cap.VACANCIES_OWN)
def close(request, pk):
    vacancy = get_object_or_404(selectors.vacancies_managed_by(request.user), pk=pk)
    try:
        vacancy_close(actor=request.user, vacancy=vacancy, request=request)
    except VacancyRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The vacancy is closed."))
    return redirect("careers:own")


@require_GET
@requires(Cap.VACANCIES_OWN)
def responses(request):
    page = lists.page_of(request, selectors.responses_for(request.user), PAGE_SIZE)
    return render(request, "careers/responses.html", {
        "crumbs": [(_("Our vacancies"), reverse("careers:own")), (_("Responses"), "")],
        "responses": page.object_list, **lists.list_context(page)})


@require_GET
@requires(Cap.VACANCIES_MODERATE)
def moderation(request):
    """Own vacancies of employers waiting for moderation first, then the rest by status."""
    qs, status, text = _status_filter(request, selectors.vacancies_for_moderation(request.user))
    if not status:
        qs = qs.filter(status=VacancyStatus.MODERATION)
        status = VacancyStatus.MODERATION
    page = lists.page_of(request, qs.select_related("municipality", "employer").order_by("updated_at", "pk"),
                         PAGE_SIZE)
    return render(request, "careers/moderation.html", {
        "crumbs": [(_("Vacancy moderation"), "")], "vacancies": page.object_list, **lists.list_context(page),
        "status": status, "text": text, "statuses": VacancyStatus.choices})


@require_http_methods(["GET", "POST"])
@requires(Cap.VACANCIES_MODERATE)
def moderate(request, pk):
    vacancy = get_object_or_404(selectors.vacancies_for_moderation(request.user)
                                .select_related("employer", "municipality", "profession"), pk=pk)
    form = ModerationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Choose whether to publish the vacancy or return it."))
        else:
            try:
                vacancy_moderate(actor=request.user, vacancy=vacancy,
                                 publish=form.cleaned_data["decision"] == "publish",
                                 comment=form.cleaned_data["comment"], request=request)
            except VacancyRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The vacancy is published.") if form.cleaned_data["decision"] ==
                                 "publish" else _("The vacancy is returned to the employer."))
                return redirect("careers:moderation")
        return redirect("careers:moderate", pk=pk)
    return render(request, "careers/moderate.html", {
        "crumbs": [(_("Vacancy moderation"), reverse("careers:moderation")), (vacancy.title, "")],
        "vacancy": vacancy, "form": form,
        "links": vacancy.competency_links.select_related("competency"),
        "can_decide": vacancy.status == VacancyStatus.MODERATION})


@require_http_methods(["GET", "POST"])
@requires(Cap.VACANCIES_MODERATE)
def matching(request, pk):
    """Staff correct a vacancy's profession and competencies; re-imports keep the correction."""
    vacancy = get_object_or_404(selectors.vacancies_visible_to(request.user), pk=pk)
    form = MatchingForm(request.POST if request.method == "POST" else None, initial={
        "profession": vacancy.profession_id, "competencies": list(vacancy.competencies.values_list("pk", flat=True))})
    if request.method == "POST":
        if form.is_valid():
            vacancy_matching_correct(actor=request.user, vacancy=vacancy, profession=form.cleaned_data["profession"],
                                     competencies=form.cleaned_data["competencies"], request=request)
            messages.success(request, _("The matching is corrected and will be kept on re-import."))
            return redirect("careers:detail", pk=pk)
        messages.error(request, _("Choose the profession and competencies from the lists."))
    return render(request, "careers/matching.html", {
        "crumbs": [(_("Vacancies"), reverse("careers:list")), (vacancy.title, reverse("careers:detail", args=[pk])),
                   (_("Matching"), "")], "vacancy": vacancy, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200)


@require_http_methods(["GET", "POST"])
@requires(Cap.VACANCIES_IMPORTS)
def imports(request):
    """The run log of both sources and the «import now» buttons (a background job with a progress bar)."""
    if request.method == "POST":
        form = ImportStartForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the source to import from."))
            return redirect("careers:imports")
        try:
            run = import_start(source=form.cleaned_data["source"], trigger=ImportTrigger.MANUAL,
                               full=form.cleaned_data["full"], actor=request.user)
        except ImportRefused as error:
            messages.error(request, str(error))
            return redirect("careers:imports")
        job = job_start(owner=request.user, kind="careers.import", params={"run": run.pk},
                        title=_("Vacancy import: %(source)s") % {"source": run.get_source_display()})
        return redirect("core:job", pk=job.pk)
    qs = selectors.import_runs()
    source = request.GET.get("source", "")
    if source in VacancySource.values:
        qs = qs.filter(source=source)
    page = lists.page_of(request, qs, PAGE_SIZE)
    return render(request, "careers/imports.html", {
        "crumbs": [(_("Vacancy imports"), "")], "runs": page.object_list, **lists.list_context(page),
        "source": source, "sources": [(s, VacancySource(s).label) for s in ("trudvsem", "hhru")]})


@require_GET
@requires(Cap.VACANCIES_IMPORTS)
def import_run(request, pk):
    run = get_object_or_404(selectors.import_runs(), pk=pk)
    return render(request, "careers/import_run.html", {
        "crumbs": [(_("Vacancy imports"), reverse("careers:imports")), (str(run), "")], "run": run})
