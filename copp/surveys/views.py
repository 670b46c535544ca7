"""Answering surveys (by link, as a targeted person, save and continue later), «Мои опросы», and the public
«Профориентация» section: the tests, taking one without signing in, the result with recommendations (M26, M9)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from copp.core.access import requires
from copp.core.roles import Cap
from copp.directories.models import Competency
from copp.events.models import EventStatus, EventType
from copp.events.selectors import events_for_competencies, events_public
from copp.programs.selectors import programs_for_competency

from . import selectors, services
from .answering import form_items, read_answers
from .instruments import DDO_MAX, RIASEC_MAX, ddo_level
from .models import CareerType, Draft, Response, Survey, SurveyKind
from .services import SurveyRefused

# The session keeps a visitor's career-test results so they can be claimed on sign-up.
SESSION_RESULTS = "career_results"
RECOMMENDED = 6


def _draft_values(survey, user) -> dict:
    if not getattr(user, "is_authenticated", False):
        return {}
    draft = Draft.objects.filter(survey=survey, user=user).first()
    return {int(key): value for key, value in draft.data.items()} if draft else {}


def _answer_page(request, survey: Survey, template: str, context: dict, *, preview: bool = False):
    """Show and take a questionnaire: «Отправить» stores it, «Сохранить и продолжить позже» keeps a draft."""
    questions = services.survey_questions(survey)
    values, errors = _draft_values(survey, request.user), {}
    reason = "" if preview else services.closed_reason(survey)
    if not reason and not preview and selectors.has_answered(survey, request.user) and not survey.allow_repeat:
        reason = _("You have already answered this survey. Thank you!")
    status = 200
    if request.method == "POST" and not reason and not preview:
        saving = "save_draft" in request.POST and request.user.is_authenticated
        filled = read_answers(questions, request.POST, request.FILES, check_required=not saving)
        values, errors = filled.values, filled.errors
        if not errors:
            try:
                if saving:
                    services.draft_save(survey=survey, user=request.user, filled=filled)
                    messages.success(request, _("Your answers are saved. You can come back and finish later."))
                    return redirect(request.path)
                response = services.response_submit(survey=survey, user=request.user, filled=filled)
            except SurveyRefused as refused:
                messages.error(request, refused.message)
                status = 400
            else:
                return context["on_submit"](response)
        else:
            messages.error(request, _("Please correct the errors"))
            status = 400
    return render(request, template, {**context, "survey": survey, "items": form_items(questions, values, errors),
                                      "closed_reason": reason, "preview": preview, "errors": errors,
                                      "can_save_draft": request.user.is_authenticated and not preview},
                  status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token):
    """A survey by its link. A targeted survey asks a visitor to sign in; a person outside its audience is told
    so (the page, not an error)."""
    survey = get_object_or_404(Survey, public_token=token, kind=SurveyKind.SURVEY)
    if not selectors.may_answer(survey, request.user):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        return render(request, "surveys/not_for_you.html", {"survey": survey}, status=403)

    def done(_response):
        return redirect("surveys:thanks", token=survey.public_token)

    return _answer_page(request, survey, "surveys/answer.html", {"on_submit": done, "crumbs": [(survey.title, "")]})


@login_not_required
@require_GET
def thanks(request, token):
    survey = get_object_or_404(Survey, public_token=token, kind=SurveyKind.SURVEY)
    return render(request, "surveys/thanks.html", {"survey": survey, "crumbs": [(survey.title, "")]})


@requires(Cap.CABINET)
@require_GET
def mine(request):
    """«Мои опросы и тесты»: the surveys waiting for the person's answer and their career-test results."""
    return render(request, "surveys/mine.html", {
        "crumbs": [(_("My surveys and tests"), "")],
        "waiting": selectors.surveys_for(request.user),
        "results": list(selectors.career_results_of(request.user)[:20]),
    })


# --- Профориентация ------------------------------------------------------------------------------------------

def _claim(request) -> None:
    """A visitor who signed up or in after taking tests gets those results into their profile."""
    keys = request.session.get(SESSION_RESULTS) or []
    if keys and request.user.is_authenticated:
        if services.results_claim(user=request.user, keys=keys):
            messages.info(request, _("Your earlier test results are saved in your profile."))
        request.session[SESSION_RESULTS] = []


@login_not_required
@require_GET
def career_home(request):
    """The «Профориентация» section: the tests with their description and duration, upcoming career-guidance
    events, and the person's latest results."""
    _claim(request)
    events = (events_public().filter(status=EventStatus.PUBLISHED, type=EventType.CAREER_GUIDANCE,
                                     ends_at__gte=timezone.now())
              .select_related("organizer").order_by("starts_at", "pk")[:6])
    results = list(selectors.career_results_of(request.user)[:5]) if request.user.is_authenticated else []
    return render(request, "surveys/career_home.html", {
        "crumbs": [(_("Career guidance"), "")], "tests": selectors.career_tests(), "events": events,
        "results": results,
    })


@login_not_required
@require_http_methods(["GET", "POST"])
def career_test(request, slug):
    """Take a test; anyone may, without signing in; a signed-in person may retake it."""
    survey = get_object_or_404(selectors.career_tests(), slug=slug)

    def done(response):
        if not request.user.is_authenticated:
            keys = list(request.session.get(SESSION_RESULTS) or [])
            request.session[SESSION_RESULTS] = [*keys, str(response.result_key)][-10:]
        return redirect("career:result", key=response.result_key)

    return _answer_page(request, survey, "surveys/career_test.html", {
        "on_submit": done, "crumbs": [(_("Career guidance"), reverse("career:home")), (survey.title, "")]})


@login_not_required
@require_GET
def career_result(request, key):
    """The result: the profile by scale, what the leading types mean, recommended competencies (the region's
    priority ones first), programs open for application and upcoming career-guidance events («что дальше»).
    The address is the result's own random key, known only to who took the test."""
    response = get_object_or_404(Response.objects.select_related("survey"), result_key=key,
                                 survey__kind=SurveyKind.CAREER_TEST)
    if response.user_id and response.user_id != getattr(request.user, "pk", None):
        raise Http404
    survey = response.survey
    types = {t.code: t for t in CareerType.objects.filter(instrument=survey.instrument)}
    leading = [types[code] for code in response.result_types if code in types]
    top = DDO_MAX if survey.instrument == "ddo" else RIASEC_MAX
    profile = [{"code": code, "title": types[code].title if code in types else code, "points": points,
                "percent": round(100 * points / top), "level": ddo_level(points) if survey.instrument == "ddo" else ""}
               for code, points in sorted(response.scores.items(), key=lambda pair: -pair[1])]
    competency_ids = list(CareerType.competencies.through.objects.filter(
        careertype__in=[t.pk for t in leading]).values_list("competency_id", flat=True))
    competencies = list(Competency.objects.filter(pk__in=competency_ids).order_by("-is_priority", "name"))
    # Programs of the region's priority competencies come first, then the others.
    priority_ids = [c.pk for c in competencies if c.is_priority]
    programs = list(programs_for_competency(priority_ids)[:RECOMMENDED]) if priority_ids else []
    if len(programs) < RECOMMENDED and competency_ids:
        programs += list(programs_for_competency(competency_ids).exclude(pk__in=[p.pk for p in programs])
                         [:RECOMMENDED - len(programs)])
    events = list(events_for_competencies(competency_ids)[:RECOMMENDED]) if competency_ids else []
    return render(request, "surveys/career_result.html", {
        "crumbs": [(_("Career guidance"), reverse("career:home")), (_("Your result"), "")],
        "response": response, "survey": survey, "leading": leading, "profile": profile,
        "competencies": competencies, "programs": programs, "events": events,
        "holland_code": "".join(response.result_types) if survey.instrument == "riasec" else "",
        "can_claim": not request.user.is_authenticated,
    })
