"""Views of the review engine (M15): the expert's «Экспертиза» queue and scorecard, the staff list with filters
and Excel export, a review's page (management for the CoPP, history for the authors), sending a subject."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core import lists
from copp.core.access import has_capability, requires
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed
from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx
from copp.resources.models import StaffMember

from . import registry, selectors, services
from .forms import (
    AssignForm,
    CommentForm,
    DecisionForm,
    ExpertFilterForm,
    ExpertForm,
    ReviewFilterForm,
    RoundSettingsForm,
)
from .models import Assignment, Expert, Review, RoundStatus

PAGE_SIZE = 25


def _kind(key: str):
    try:
        return registry.get(key)
    except KeyError:
        raise Http404 from None


def _crumbs(*tail):
    return [(_("Cabinet"), reverse("portal:cabinet")), *tail]


# --- Authors ---------------------------------------------------------------------------------------

def _check_reader(user) -> None:
    """Reviews are read by the CoPP and by the authors of some registered kind; anyone else gets 403."""
    if not (has_capability(user, Cap.REVIEWS_MANAGE)
            or any(has_capability(user, k.author_capability) for k in registry.kinds())):
        raise PermissionDenied


@require_POST
def submit(request, kind, object_id):
    """The authors send their subject to review: its rules are checked and a version is frozen."""
    kind_ = _kind(kind)
    if not has_capability(request.user, kind_.author_capability):
        raise PermissionDenied
    get_object_or_404(kind_.visible_to(request.user), pk=object_id)
    subject = kind_.editable_by(request.user).filter(pk=object_id).first()
    if subject is None:
        raise PermissionDenied
    try:
        round_ = services.review_submit(actor=request.user, kind_key=kind_.key, object_id=subject.pk,
                                        request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(kind_.author_url(subject))
    messages.success(request, _("Version %(version)s has been sent to expert review (round %(round)d). We will "
                                "write to you when the experts decide.") % {"version": round_.version_label,
                                                                              "round": round_.number})
    return redirect(kind_.author_url(subject))


@require_GET
def subject_review(request, kind, object_id):
    """The review of a subject, found by the subject (the author's page links here)."""
    kind_ = _kind(kind)
    _check_reader(request.user)
    review = get_object_or_404(selectors.reviews_visible_to(request.user), kind=kind_.key, object_id=object_id)
    return redirect("reviews:detail", pk=review.pk)


@require_GET
def review_detail(request, pk):
    """A review's rounds with scores, remarks and decisions. The CoPP assigns experts and decides here; the
    authors see the history (the experts' names only in open rounds)."""
    _check_reader(request.user)
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    review = selectors.review_full(review)
    kind = _kind(review.kind)
    manage = has_capability(request.user, Cap.REVIEWS_MANAGE)
    rounds = list(review.rounds.all())
    for round_ in rounds:
        round_.show_names = manage or not round_.is_blind
        for assignment in round_.assignments.all():
            assignment.percent = selectors.assignment_percent(assignment)
    current = next((r for r in rounds if r.status == RoundStatus.OPEN), None)
    context = {"review": review, "rounds": rounds, "current": current, "manage": manage, "kind": kind,
               "crumbs": _crumbs((_("Program reviews"), reverse("reviews:list") if manage else ""),
                                 (review.title, ""))}
    if current is not None:
        context["version_html"] = render_to_string(kind.template, kind.version_context(current.version_ref),
                                                   request=request)
    if manage and current is not None:
        context |= {
            "assign_form": AssignForm(experts=selectors.experts_available(review)),
            "settings_form": RoundSettingsForm(initial={"due_on": current.due_on, "is_blind": current.is_blind}),
            "decision_form": DecisionForm(), "can_publish": kind.can_publish,
        }
    return render(request, "reviews/detail.html", context)


# --- CoPP staff ------------------------------------------------------------------------------------

@requires(Cap.REVIEWS_MANAGE)
@require_GET
def review_list(request):
    """Every review with search, status and «overdue» filters, pages and the Excel export."""
    form = ReviewFilterForm(request.GET or None)
    values = form.values()
    qs = selectors.reviews_filter(Review.objects.all(), **values)
    page = lists.page_of(request, qs, PAGE_SIZE, late_rows=True, rows=selectors.with_rounds)
    return render(request, "reviews/list.html", {
        "crumbs": _crumbs((_("Program reviews"), "")), "filter_form": form, "reviews": page.object_list,
        **lists.list_context(page), "query": request.GET.urlencode(),
        "chips": lists.chips(request, form, values, {"q": "text", "status": "status", "overdue": "overdue"},
                             url=reverse("reviews:list")),
        "overdue_count": selectors.overdue_assignments().count(),
    })


EXPORT_LIMIT = 5000


@requires(Cap.REVIEWS_MANAGE)
@require_GET
def review_export(request):
    """The filtered list as an Excel table."""
    form = ReviewFilterForm(request.GET or None)
    rows = list(selectors.with_rounds(selectors.reviews_filter(Review.objects.all(), **form.values()))[:EXPORT_LIMIT])
    columns = [
        (_("Title"), 50, lambda r: r.title),
        (_("Author organisation"), 35, lambda r: r.organization.short_name or r.organization.name),
        (_("Status"), 18, lambda r: r.get_status_display()),
        (_("Rounds"), 10, lambda r: r.rounds_count),
        (_("Due date"), 14, lambda r: r.due_on),
        (_("Updated"), 14, lambda r: timezone.localtime(r.updated_at).replace(tzinfo=None)),
    ]
    file = table_xlsx(rows, columns, sheet_title=_("Reviews"))
    return FileResponse(file, as_attachment=True, filename="reviews.xlsx", content_type=XLSX_CONTENT_TYPE)


def _managed_round(request, pk):
    review = get_object_or_404(Review.objects.all(), pk=pk)
    current = review.rounds.filter(status=RoundStatus.OPEN).first()
    if current is None:
        messages.error(request, _("The review has no round in progress."))
    return review, current


@requires(Cap.REVIEWS_MANAGE)
@require_POST
def round_assign(request, pk):
    """Assign an expert to the current round, or change its due date and openness."""
    review, current = _managed_round(request, pk)
    if current is None:
        return redirect("reviews:detail", pk=review.pk)
    try:
        if "expert" in request.POST:
            # Any active expert is accepted here, so that a conflict of interest gets the service's message.
            form = AssignForm(request.POST, experts=Expert.objects.filter(is_active=True))
            if not form.is_valid():
                raise ValidationError(_("Choose an expert."))
            services.expert_assign(actor=request.user, round_=current, expert=form.cleaned_data["expert"],
                                   request=request)
            messages.success(request, _("The expert has been assigned and notified."))
        elif "unassign" in request.POST:
            assignment = get_object_or_404(current.assignments.all(), pk=request.POST.get("unassign") or 0)
            services.expert_unassign(actor=request.user, assignment=assignment, request=request)
            messages.success(request, _("The expert has been taken off the round."))
        else:
            form = RoundSettingsForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Enter the due date as dd.mm.yyyy."))
            services.round_settings_save(actor=request.user, round_=current, request=request, **form.cleaned_data)
            messages.success(request, _("The round's settings have been saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reviews:detail", pk=review.pk)


@requires(Cap.REVIEWS_MANAGE)
@require_POST
def round_decide_view(request, pk):
    """The chairperson's decision of the current round."""
    review, current = _managed_round(request, pk)
    if current is None:
        return redirect("reviews:detail", pk=review.pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("reviews:detail", pk=review.pk)
    try:
        services.round_decide(actor=request.user, round_=current, request=request, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except TransitionNotAllowed as error:  # the subject's own service refused (publishing, for example)
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision has been recorded and the authors notified."))
    return redirect("reviews:detail", pk=review.pk)


# --- Experts ---------------------------------------------------------------------------------------

@requires(Cap.REVIEWS_EXPERT)
@require_GET
def queue(request):
    """The expert's «Экспертиза»: the rounds they are assigned to, with due dates."""
    qs = selectors.my_assignments(request.user)
    page = lists.page_of(request, qs, PAGE_SIZE)
    return render(request, "reviews/queue.html", {
        "crumbs": _crumbs((_("Expert review"), "")), "assignments": page.object_list, **lists.list_context(page),
        "is_expert": selectors.expert_of(request.user) is not None, "today": timezone.localdate(),
    })


def _my_assignment(request, round_pk) -> Assignment:
    """The expert's own part in the round; a round one is not assigned to is 404."""
    return get_object_or_404(Assignment.objects.select_related("round__review__criteria_set", "expert__staff"),
                             round_id=round_pk, expert__staff__user=request.user)


@requires(Cap.REVIEWS_EXPERT)
@require_http_methods(["GET", "POST"])
def assignment_page(request, pk):
    """The version to review, the scorecard, remarks and the verdict."""
    assignment = _my_assignment(request, pk)
    round_ = assignment.round
    kind = _kind(round_.review.kind)
    criteria = list(round_.review.criteria_set.criteria.all())
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    errors, status = {}, 200
    values = {c.pk: (existing[c.pk].value if c.pk in existing else None,
                     existing[c.pk].comment if c.pk in existing else "") for c in criteria}
    verdict, conclusion = assignment.verdict, assignment.conclusion
    if request.method == "POST":
        values = {}
        for criterion in criteria:
            raw = request.POST.get(f"score-{criterion.pk}", "").strip()
            value = int(raw) if raw.isdigit() else None
            if raw and value is None:
                errors[f"score-{criterion.pk}"] = _("A score from 1 to %(max)d.") % {"max": criterion.scale_max}
            values[criterion.pk] = (value, request.POST.get(f"comment-{criterion.pk}", "")[:5000])
        verdict = request.POST.get("verdict", "") if "give_verdict" in request.POST else ""
        conclusion = request.POST.get("conclusion", "")[:10000]
        if not errors:
            try:
                services.scorecard_save(actor=request.user, assignment=assignment, scores=values, verdict=verdict,
                                        conclusion=conclusion, request=request)
            except ValidationError as error:
                errors = error.message_dict
        if not errors:
            messages.success(request, _("Your verdict has been recorded. Thank you!") if verdict
                             else _("The scores have been saved as a draft."))
            return redirect("reviews:assignment", pk=assignment.round_id)
        status = 400
    rows = [{"criterion": c, "value": values.get(c.pk, (None, ""))[0], "comment": values.get(c.pk, (None, ""))[1],
             "error": errors.get(f"score-{c.pk}") or errors.get(f"comment-{c.pk}"),
             "scale": range(1, c.scale_max + 1)} for c in criteria]
    sections = kind.sections(round_.version_ref)
    return render(request, "reviews/assignment.html", {
        "assignment": assignment, "round": round_, "review": round_.review, "rows": rows, "errors": errors,
        "verdict": verdict, "conclusion": conclusion, "decisions": Assignment._meta.get_field("verdict").choices,
        "is_open": round_.status == RoundStatus.OPEN,
        "version_html": render_to_string(kind.template, kind.version_context(round_.version_ref), request=request),
        "comment_form": CommentForm(sections=sections), "comments": assignment.comments.all(),
        "crumbs": _crumbs((_("Expert review"), reverse("reviews:queue")), (round_.review.title, "")),
    }, status=status)


@requires(Cap.REVIEWS_EXPERT)
@require_POST
def comment_create(request, pk):
    """A remark anchored to a section or a module."""
    assignment = _my_assignment(request, pk)
    kind = _kind(assignment.round.review.kind)
    form = CommentForm(request.POST, sections=kind.sections(assignment.round.version_ref))
    if not form.is_valid():
        messages.error(request, _("Choose the section and write the remark."))
        return redirect("reviews:assignment", pk=assignment.round_id)
    try:
        services.comment_add(actor=request.user, assignment=assignment, request=request, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The remark has been added."))
    return redirect("reviews:assignment", pk=assignment.round_id)


# --- The register of experts (CoPP staff) ----------------------------------------------------------

@requires(Cap.REVIEWS_MANAGE)
@require_GET
def expert_list(request):
    """People of the staff registry with search and filters; each marked as an expert or not, with the
    competencies of their staff record."""
    form = ExpertFilterForm(request.GET or None, user=request.user)
    values = form.values()
    page = lists.page_of(request, selectors.expert_candidates(**values), PAGE_SIZE)
    return render(request, "reviews/experts.html", {
        "crumbs": _crumbs((_("Program reviews"), reverse("reviews:list")), (_("Experts"), "")),
        "filter_form": form, "people": page.object_list, **lists.list_context(page),
        "chips": lists.chips(request, form, values, {"q": "text", "expert": "expert", "organization": "organization",
                                                     "competency": "competency"}, url=reverse("reviews:experts")),
    })


@requires(Cap.REVIEWS_MANAGE)
@require_http_methods(["GET", "POST"])
def expert_edit(request, pk):
    """Mark one person as an expert with competencies, or unmark them."""
    staff = get_object_or_404(StaffMember.objects.select_related("organization", "user"), pk=pk, is_active=True)
    expert = Expert.objects.filter(staff=staff).first()
    initial = {"is_expert": bool(expert and expert.is_active), "note": expert.note if expert else "",
               "competencies": list(staff.competency_levels.values_list("competency_id", flat=True))}
    form = ExpertForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.expert_set(actor=request.user, staff=staff, is_expert=form.cleaned_data["is_expert"],
                                    competencies=form.cleaned_data["competencies"], note=form.cleaned_data["note"],
                                    request=request)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, (_("%(name)s is an expert now.") if form.cleaned_data["is_expert"]
                                           else _("%(name)s is not an expert now.")) % {"name": staff.full_name})
                return redirect(reverse("reviews:experts") + "?" + urlencode({"q": staff.last_name}))
        status = 400
    return render(request, "reviews/expert_form.html", {
        "crumbs": _crumbs((_("Program reviews"), reverse("reviews:list")), (_("Experts"), reverse("reviews:experts")),
                          (staff.full_name, "")),
        "staff": staff, "expert": expert, "form": form,
        "assignments": expert.assignments.select_related("round__review").order_by("-round__created_at")[:10]
        if expert else [],
    }, status=status)
