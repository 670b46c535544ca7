"""The builder and results for staff and partners (M26): the list of surveys, settings and audience, questions
with conditions, preview, opening and closing, results with charts, Excel exports, uploaded files."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import requires
from copp.core.files import private_file_response
from copp.core.roles import Cap
from copp.core.xlsx import XLSX_CONTENT_TYPE
from copp.organizations.models import Membership

from . import exports, results, selectors, services
from .forms import QuestionForm, ResultsFilterForm, SectionForm, SurveyFilterForm, SurveyForm
from .models import Answer, Audience, Question, QuestionKind, Section, SurveyStatus
from .presets import TEMPLATES
from .services import SurveyRefused
from .views import _answer_page
from .workflow import SURVEY

PAGE_SIZE = 20
LIST_CHIPS = {"q": "text", "status": "status", "audience": "audience"}


def _managed(request, pk):
    """The survey if the user manages it; 404 otherwise (another organisation's survey does not exist for them)."""
    return get_object_or_404(selectors.surveys_managed_by(request.user).select_related(
        "audience_group", "audience_program", "audience_event", "owner_organization"), pk=pk)


def _own_organization(user):
    membership = (Membership.objects.filter(user=user, is_active=True).select_related("organization")
                  .order_by("pk").first())
    return membership.organization if membership else None


@requires(Cap.SURVEYS_OWN)
@require_GET
def manage(request):
    """The surveys the user manages, searchable and filtered, with their answer counts."""
    form = SurveyFilterForm(request.GET or None)
    values = form.values()
    qs = selectors.with_list_data(selectors.surveys_filter(selectors.surveys_managed_by(request.user), **values))
    page = lists.page_of(request, qs, PAGE_SIZE)
    return render(request, "surveys/manage.html", {
        "crumbs": [(_("Surveys"), "")], "filter_form": form, "surveys": page.object_list,
        **lists.list_context(page), "chips": lists.chips(request, form, values, LIST_CHIPS),
        "templates": [(code, spec["title"]) for code, spec in TEMPLATES.items()],
    })


@requires(Cap.SURVEYS_OWN)
@require_http_methods(["GET", "POST"])
def survey_create(request):
    form = SurveyForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_save(actor=request.user, survey=form.save(commit=False),
                                          organization=_own_organization(request.user),
                                          organizations=form.cleaned_data["audience_organizations"])
        except SurveyRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The survey is created. Add its questions."))
            return redirect("surveys:builder", pk=survey.pk)
    return render(request, "surveys/form.html", {
        "crumbs": [(_("Surveys"), reverse("surveys:manage")), (_("New survey"), "")], "form": form,
    }, status=400 if form.errors else 200)


@requires(Cap.SURVEYS_OWN)
@require_POST
def survey_from_template(request, code):
    if code not in TEMPLATES:
        raise Http404
    survey = services.survey_from_template(actor=request.user, code=code,
                                           organization=_own_organization(request.user))
    messages.success(request, _("The survey is made from the template. Set who answers it, then open it."))
    return redirect("surveys:update", pk=survey.pk)


@requires(Cap.SURVEYS_OWN)
@require_http_methods(["GET", "POST"])
def survey_update(request, pk):
    survey = _managed(request, pk)
    form = SurveyForm(request.POST if request.method == "POST" else None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_save(actor=request.user, survey=form.save(commit=False),
                                 organizations=form.cleaned_data["audience_organizations"])
        except SurveyRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The survey settings are saved."))
            return redirect("surveys:builder", pk=survey.pk)
    return render(request, "surveys/form.html", {
        "crumbs": [(_("Surveys"), reverse("surveys:manage")), (survey.title, reverse("surveys:builder",
                                                                                       args=[survey.pk])),
                   (_("Settings"), "")], "form": form, "survey": survey,
    }, status=400 if form.errors else 200)


@requires(Cap.SURVEYS_OWN)
@require_GET
def builder(request, pk):
    """The survey's card: settings, questions with their conditions, the form to add one, status buttons."""
    survey = _managed(request, pk)
    return _builder_page(request, survey, QuestionForm(survey=survey))


# The status buttons of the builder: their label, whether they are the main action, the confirmation they ask.
_ACTIONS = {
    SurveyStatus.OPEN: {"label": _lazy("Open the survey"), "primary": True, "confirm": ""},
    SurveyStatus.CLOSED: {"label": _lazy("Close the survey"), "primary": False,
                          "confirm": _lazy("Close the survey? Answers will no longer be accepted.")},
}


def _builder_page(request, survey, question_form, status=200):
    questions = services.survey_questions(survey)
    sections = list(survey.sections.select_related("show_if_question").order_by("order", "pk"))
    for section in sections:
        section.form = SectionForm(instance=section, survey=survey, prefix=f"section-{section.pk}")
    return render(request, "surveys/builder.html", {
        "sections": sections, "section_form": SectionForm(survey=survey, prefix="new-section"),
        "audience_organizations": list(survey.audience_organizations.order_by("short_name", "pk")),
        "crumbs": [(_("Surveys"), reverse("surveys:manage")), (survey.title, "")], "survey": survey,
        "questions": questions, "question_form": question_form, "has_answers": survey.responses.exists(),
        "actions": [_ACTIONS[target] | {"target": target} for target in SURVEY.targets(survey.status, request.user)
                    if target in _ACTIONS],
        "link": request.build_absolute_uri(reverse("surveys:answer", args=[survey.public_token])),
        "audience_size": (None if survey.audience == Audience.PUBLIC
                          else selectors.audience_users(survey).count()),
    }, status=status)


@requires(Cap.SURVEYS_OWN)
@require_POST
def question_add(request, pk):
    survey = _managed(request, pk)
    form = QuestionForm(request.POST, survey=survey)
    if form.is_valid():
        question = form.save(commit=False)
        question.survey = survey
        try:
            services.question_save(actor=request.user, question=question)
        except SurveyRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("The question is added."))
            return redirect("surveys:builder", pk=survey.pk)
    return _builder_page(request, survey, form, status=400)


@requires(Cap.SURVEYS_OWN)
@require_POST
def section_add(request, pk):
    survey = _managed(request, pk)
    form = SectionForm(request.POST, survey=survey, prefix="new-section")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("surveys:builder", pk=survey.pk)
    try:
        services.section_add(actor=request.user, survey=survey, title=form.cleaned_data["title"].strip(),
                             show_if_question=form.cleaned_data["show_if_question"],
                             show_if_value=form.cleaned_data["show_if_value"])
    except SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The section is added: choose it for the questions that belong to it."))
    return redirect("surveys:builder", pk=survey.pk)


@requires(Cap.SURVEYS_OWN)
@require_POST
def section_update(request, pk):
    """Change a section's title and its condition (show it when an earlier question has an answer)."""
    section = get_object_or_404(Section.objects.filter(survey__in=selectors.surveys_managed_by(request.user))
                                .select_related("survey"), pk=pk)
    form = SectionForm(request.POST, instance=section, survey=section.survey, prefix=f"section-{section.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect("surveys:builder", pk=section.survey_id)
    try:
        services.section_save(actor=request.user, section=form.save(commit=False),
                              show_if_question=form.cleaned_data["show_if_question"],
                              show_if_value=form.cleaned_data["show_if_value"])
    except SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The section is saved."))
    return redirect("surveys:builder", pk=section.survey_id)


@requires(Cap.SURVEYS_OWN)
@require_POST
def question_delete(request, pk):
    question = get_object_or_404(Question.objects.filter(survey__in=selectors.surveys_managed_by(request.user)),
                                 pk=pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The question is deleted."))
    return redirect("surveys:builder", pk=question.survey_id)


@requires(Cap.SURVEYS_OWN)
@require_POST
def survey_status(request, pk):
    survey = _managed(request, pk)
    target = request.POST.get("target", "")
    if target not in SurveyStatus.values:
        messages.error(request, _("This status change is not possible."))
        return redirect("surveys:builder", pk=survey.pk)
    try:
        services.survey_move(actor=request.user, survey=survey, target=target)
    except SurveyRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The survey is open: the audience will get the invitation within the hour.")
                         if target == SurveyStatus.OPEN else _("The survey is closed."))
    return redirect("surveys:builder", pk=survey.pk)


@requires(Cap.SURVEYS_OWN)
@require_GET
def preview(request, pk):
    """The questionnaire as respondents see it; nothing is stored."""
    survey = _managed(request, pk)
    return _answer_page(request, survey, "surveys/answer.html", {
        "on_submit": None, "crumbs": [(_("Surveys"), reverse("surveys:manage")),
                                      (survey.title, reverse("surveys:builder", args=[survey.pk])),
                                      (_("Preview"), "")]}, preview=True)


def _results_of(request, survey):
    form = ResultsFilterForm(request.GET or None, survey=survey)
    responses = results.responses_filtered(survey, **form.values())
    audience = None if survey.audience == Audience.PUBLIC else survey.invitations.count() or None
    return form, responses, results.survey_results(survey, responses, audience_size=audience)


@requires(Cap.SURVEYS_OWN)
@require_GET
def survey_results(request, pk):
    """Response rate and a chart per question, with filters; visible to the survey's owner and CoPP staff."""
    survey = _managed(request, pk)
    form, _responses, data = _results_of(request, survey)
    charts = {f"chart-{item.question.pk}": item.chart for item in data["items"] if item.chart and not item.suppressed}
    return render(request, "surveys/results.html", {
        "crumbs": [(_("Surveys"), reverse("surveys:manage")), (survey.title, reverse("surveys:builder",
                                                                                       args=[survey.pk])),
                   (_("Results"), "")], "survey": survey, "filter_form": form, "data": data, "charts": charts,
        "query": request.GET.urlencode(), "file_kind": QuestionKind.FILE,
        "files": (Answer.objects.filter(response__in=_responses, question__survey=survey).exclude(file="")
                  .select_related("question")[:100]) if not survey.is_anonymous else [],
    })


@requires(Cap.SURVEYS_OWN)
@require_GET
def survey_export(request, pk, kind):
    """The raw answers or the summary as Excel. An anonymous survey's raw answers are given only from
    MIN_CELL responses on, like its report."""
    survey = _managed(request, pk)
    form, responses, data = _results_of(request, survey)
    if kind == "raw":
        if survey.is_anonymous and data["total"] < results.MIN_CELL:
            messages.error(request, _("Fewer than %(n)s answers: an anonymous survey's answers are not exported yet.")
                           % {"n": results.MIN_CELL})
            return redirect("surveys:results", pk=survey.pk)
        file = exports.raw_xlsx(survey, responses, services.survey_questions(survey))
        name = f"survey-{survey.pk}-answers.xlsx"
    else:
        file = exports.summary_xlsx(survey, data)
        name = f"survey-{survey.pk}-summary.xlsx"
    from django.http import FileResponse

    return FileResponse(file, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


@requires(Cap.SURVEYS_OWN)
@require_GET
def answer_file(request, pk):
    """A file a respondent uploaded, to the survey's owner and CoPP staff only."""
    answer = get_object_or_404(Answer.objects.filter(
        response__survey__in=selectors.surveys_managed_by(request.user)).exclude(file=""), pk=pk)
    return private_file_response(answer.file, filename=answer.file.name.rsplit("/", 1)[-1])
