"""The electronic journal: the grid (htmx saves one cell, a tap cycles attendance, a whole column at once),
a cell's history, ratings, a learner's own marks and the results of an organisation's employees."""
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from copp.core.access import requires
from copp.core.roles import Cap
from copp.core.views import export_response
from copp.directories.models import AttendanceStatus, GradeValue
from copp.programs.models import ProgramModule

from . import selectors, services
from .jobs import JOURNAL_EXPORT
from .journal_cells import CellRenderer
from .models import Enrolment, EnrolmentStatus, Group, Lesson, LessonStatus, Mark, ModuleGrade
from .views import crumbs, visible_group


@requires(Cap.TRAINING_GROUPS)
@require_GET
def journal(request, pk):
    """The grid of learners × lessons; editable by the group's teachers and CoPP staff."""
    group = visible_group(request, pk)
    grid = selectors.journal_of(group)
    today = timezone.localdate().isoformat()
    can_mark = Group.objects.markable_by(request.user).filter(pk=group.pk).exists()
    cells = CellRenderer(grades=grid.grades, can_mark=can_mark, today=today)
    return render(request, "training/journal.html", {
        "crumbs": crumbs((group.code, reverse("training:group", args=[group.pk])), (_("Journal"), "")),
        "group": group, "journal": grid, "today": today, "can_mark": can_mark,
        "rows": [(enrolment, cells.row(enrolment, lessons, modules)) for enrolment, lessons, modules in grid.grid()],
    })


@requires(Cap.TRAINING_GROUPS)
@require_GET
def journal_xlsx(request, pk):
    """The journal as an Excel sheet (ведомость) for those who may read it; a background job when big."""
    group = visible_group(request, pk)
    query = QueryDict(mutable=True)
    query["group"] = str(group.pk)
    return export_response(request, JOURNAL_EXPORT, rows=group.enrolments.count(), query=query)


def _markable_lesson(request, lesson_pk) -> Lesson:
    """A lesson of a group the user may mark; any other lesson is not found (404)."""
    return get_object_or_404(Lesson.objects.filter(group__in=Group.objects.markable_by(request.user),
                                                   status=LessonStatus.PLANNED).select_related("group"), pk=lesson_pk)


@requires(Cap.TRAINING_MARK)
@require_POST
def mark_save(request, lesson_pk, enrolment_pk):
    """htmx: save one cell and answer with the cell. `cycle` moves attendance to the next mark;
    `attendance` or `grade` set a value by its code (empty clears it)."""
    lesson = _markable_lesson(request, lesson_pk)
    enrolment = get_object_or_404(Enrolment.objects.filter(group_id=lesson.group_id, status=EnrolmentStatus.STUDYING)
                                  .select_related("learner"), pk=enrolment_pk)
    statuses = list(AttendanceStatus.objects.filter(is_active=True))
    mark = Mark.objects.filter(enrolment=enrolment, lesson=lesson).first()
    if "cycle" in request.POST:
        codes = [None] + [s.pk for s in statuses]
        current = mark.attendance_id if mark else None
        next_pk = codes[(codes.index(current) + 1) % len(codes)] if current in codes else codes[1]
        field, value = "attendance", next((s for s in statuses if s.pk == next_pk), None)
    elif "attendance" in request.POST:
        code = request.POST["attendance"]
        field, value = "attendance", next((s for s in statuses if s.code == code), None)
        if code and value is None:
            raise Http404
    elif "grade" in request.POST:
        code = request.POST["grade"]
        scale = selectors.scale_of(lesson.group)
        value = GradeValue.objects.filter(scale=scale, code=code).first() if code else None
        field = "grade"
        if code and value is None:
            raise Http404
    else:
        raise Http404
    error = ""
    try:
        mark = services.mark_set(actor=request.user, enrolment=enrolment, lesson=lesson, field=field, value=value)
    except services.MarkRefused as refusal:
        # The cell comes back as it was, with the rule it broke beside it (a 200, so htmx swaps it in).
        error = str(refusal)
        mark = Mark.objects.filter(enrolment=enrolment, lesson=lesson).select_related("grade").first()
    by_pk = {s.pk: s for s in statuses}
    if mark is not None:
        mark.attendance = by_pk.get(mark.attendance_id)
    cells = CellRenderer(grades=GradeValue.objects.filter(scale=selectors.scale_of(lesson.group)), can_mark=True,
                         today=timezone.localdate().isoformat())
    return HttpResponse(cells.mark_cell(enrolment, lesson, mark, saved=not error, error=error))


@requires(Cap.TRAINING_MARK)
@require_POST
def column_fill(request, lesson_pk):
    """Give everyone without a mark at the lesson the same attendance mark."""
    lesson = _markable_lesson(request, lesson_pk)
    status = get_object_or_404(AttendanceStatus, code=request.POST.get("attendance", ""), is_active=True)
    try:
        count = services.column_fill(actor=request.user, lesson=lesson, attendance=status)
    except services.MarkRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Marked «%(mark)s» for %(count)s learners.") % {"mark": status.name,
                                                                                   "count": count})
    return redirect(reverse("training:journal", args=[lesson.group_id]) + f"#lesson-{lesson.pk}")


@requires(Cap.TRAINING_GROUPS)
@require_GET
def mark_history(request, lesson_pk, enrolment_pk):
    """Who changed a cell, when, from what to what."""
    lesson = get_object_or_404(Lesson.objects.filter(group__in=Group.objects.visible_to(request.user)),
                               pk=lesson_pk)
    mark = get_object_or_404(Mark.objects.select_related("enrolment__learner"), lesson=lesson,
                             enrolment_id=enrolment_pk)
    changes = mark.changes.select_related("actor")
    return render(request, "training/history.html", {
        "crumbs": crumbs((lesson.group.code, reverse("training:journal", args=[lesson.group_id])),
                         (_("Changes of a mark"), "")), "lesson": lesson, "mark": mark, "changes": changes})


def _module_of(enrolment: Enrolment, module_pk) -> ProgramModule:
    """A module of the enrolment's group's program; a module of another program is not found (404)."""
    return get_object_or_404(ProgramModule.objects.filter(program_id=enrolment.group.program_id), pk=module_pk)


@requires(Cap.TRAINING_MARK)
@require_POST
def module_grade_save(request, module_pk, enrolment_pk):
    """htmx: save a learner's intermediate grade for a program module (`grade` by its code, empty clears it)
    and answer with the cell. Another group's journal, or a module of another program, is not found (404)."""
    enrolment = get_object_or_404(
        Enrolment.objects.filter(group__in=Group.objects.markable_by(request.user), status=EnrolmentStatus.STUDYING)
        .select_related("group", "learner"), pk=enrolment_pk)
    module = _module_of(enrolment, module_pk)
    scale = selectors.scale_of(enrolment.group)
    grades = list(GradeValue.objects.filter(scale=scale)) if scale else []
    code = request.POST.get("grade")
    if code is None:
        raise Http404
    value = next((g for g in grades if g.code == code), None) if code else None
    if code and value is None:
        raise Http404
    cell = services.module_grade_set(actor=request.user, enrolment=enrolment, module=module, value=value)
    cells = CellRenderer(grades=grades, can_mark=True, today=timezone.localdate().isoformat())
    return HttpResponse(cells.module_cell(enrolment, module, cell, saved=True))


@requires(Cap.TRAINING_GROUPS)
@require_GET
def module_grade_history(request, module_pk, enrolment_pk):
    """Who changed a learner's module grade, when, from what to what."""
    enrolment = get_object_or_404(Enrolment.objects.filter(group__in=Group.objects.visible_to(request.user))
                                  .select_related("group", "learner"), pk=enrolment_pk)
    module = _module_of(enrolment, module_pk)
    cell = get_object_or_404(ModuleGrade.objects.select_related("enrolment__learner"), enrolment=enrolment,
                             module=module)
    changes = cell.changes.select_related("actor")
    return render(request, "training/history.html", {
        "crumbs": crumbs((enrolment.group.code, reverse("training:journal", args=[enrolment.group_id])),
                         (_("Changes of a module grade"), "")), "module": module, "mark": cell, "changes": changes})


@requires(Cap.TRAINING_GROUPS)
@require_GET
def ratings(request, pk):
    """The intermediate and final rating of the group's learners (or of every group of its program the user
    sees, with ?scope=program), with the formula."""
    group = visible_group(request, pk)
    by_program = request.GET.get("scope") == "program"
    if by_program:
        groups = Group.objects.visible_to(request.user).filter(program=group.program_id).order_by("-starts_on")[:20]
        ratings_ = selectors.program_rating(groups)
    else:
        ratings_ = selectors.rating_of(selectors.journal_of(group))
    return render(request, "training/ratings.html", {
        "crumbs": crumbs((group.code, reverse("training:group", args=[group.pk])), (_("Rating"), "")),
        "group": group, "ratings": ratings_, "by_program": by_program,
    })


@requires(Cap.TRAINING_STUDY)
@require_GET
def my_marks(request):
    """A learner's own attendance and grades, group by group."""
    groups = (Group.objects.filter(enrolments__learner=request.user).select_related("program").distinct()
              .order_by("-starts_on", "pk"))
    journals = selectors.journals_of(groups[:20], learner=request.user)
    return render(request, "training/my_marks.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("My marks"), "")], "journals": journals})


@requires(Cap.TRAINING_EMPLOYEES)
@require_GET
def employees(request):
    """The attendance and results of the people the user's organisation sent to study."""
    enrolments = list(selectors.employees_enrolments(request.user)[:200])
    summary = selectors.attendance_summary([e.pk for e in enrolments])
    rows = [(e, *summary.get(e.pk, (0, 0))) for e in enrolments]
    return render(request, "training/employees.html", {
        "crumbs": [(_("Cabinet"), reverse("portal:cabinet")), (_("Employees' training"), "")], "rows": rows})
