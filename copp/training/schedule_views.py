"""Views of a group's schedule: lessons one by one (busy resources shown before saving, with free slots),
from a weekly pattern, moved or cancelled with a reason."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copp.core.access import requires
from copp.core.roles import Cap

from .forms import LessonForm, MoveForm, PatternForm, ReasonForm
from .models import Group, Lesson
from .scheduling import (
    LessonConflict,
    conflicts_of,
    free_slots,
    lesson_cancel,
    lesson_move,
    lesson_schedule,
    lessons_from_pattern,
    plan_of,
)
from .views import crumbs, managed_group, visible_group


def _page(request, group, form, pattern, *, conflicts=(), slots=(), status=200):
    lessons = (group.lessons.select_related("lesson_type", "room", "site")
               .prefetch_related("teacher_bookings__teacher", "equipment_bookings__equipment"))
    return render(request, "training/schedule.html", {
        "crumbs": crumbs((group.code, reverse("training:group", args=[group.pk])), (_("Schedule"), "")),
        "group": group, "lessons": lessons, "form": form, "pattern": pattern, "conflicts": conflicts,
        "slots": slots, "can_manage": Group.objects.manageable_by(request.user).filter(pk=group.pk).exists(),
    }, status=status)


@requires(Cap.TRAINING_GROUPS)
@require_GET
def schedule(request, pk):
    """The group's lessons and, for managers, the forms to add them."""
    group = visible_group(request, pk)
    return _page(request, group, LessonForm(group=group, prefix="one"), PatternForm(group=group, prefix="week"))


@requires(Cap.TRAINING_MANAGE)
@require_POST
def lesson_add(request, pk):
    group = managed_group(request, pk)
    form = LessonForm(request.POST, group=group, prefix="one")
    pattern = PatternForm(group=group, prefix="week")
    if not form.is_valid():
        return _page(request, group, form, pattern, status=400)
    try:
        lesson = lesson_schedule(actor=request.user, plan=form.plan(), request=request)
    except LessonConflict as conflict:
        return _page(request, group, form, pattern, conflicts=conflict.conflicts, slots=conflict.slots,
                     status=409)
    messages.success(request, _("The lesson «%(topic)s» has been added to the schedule.") % {"topic": lesson.topic})
    return redirect("training:schedule", pk=group.pk)


@requires(Cap.TRAINING_MANAGE)
@require_POST
def lesson_check(request, pk):
    """htmx: what is busy at the time in the form, named, with free slots; nothing is saved."""
    group = managed_group(request, pk)
    form = LessonForm(request.POST, group=group, prefix="one")
    conflicts, slots, ready = [], [], False
    form.is_valid()
    data = form.cleaned_data
    if all(data.get(k) for k in ("date", "start", "end")) and data["end"] > data["start"]:
        ready = True
        plan = form.plan(*form.period())
        conflicts = conflicts_of(plan)
        slots = free_slots(plan) if conflicts else []
    return render(request, "training/includes/busy.html", {"conflicts": conflicts, "slots": slots,
                                                            "ready": ready})


@requires(Cap.TRAINING_MANAGE)
@require_POST
def lesson_pattern(request, pk):
    group = managed_group(request, pk)
    pattern = PatternForm(request.POST, group=group, prefix="week")
    form = LessonForm(group=group, prefix="one")
    if not pattern.is_valid():
        return _page(request, group, form, pattern, status=400)
    data = pattern.cleaned_data
    try:
        created, skipped = lessons_from_pattern(
            actor=request.user, plan=pattern.plan(*pattern.period()), date_from=data["date"],
            date_to=data["date_to"], weekdays=data["weekdays"], start_time=data["start"], end_time=data["end"],
            request=request)
    except LessonConflict as conflict:
        return _page(request, group, form, pattern, conflicts=conflict.conflicts, status=409)
    messages.success(request, _("Lessons added: %(count)s.") % {"count": len(created)})
    for day, reasons in skipped:
        messages.warning(request, _("%(date)s skipped: %(reasons)s") % {"date": day.strftime("%d.%m.%Y"),
                                                                       "reasons": " ".join(reasons)})
    return redirect("training:schedule", pk=group.pk)


def _managed_lesson(request, pk) -> Lesson:
    lesson = get_object_or_404(Lesson.objects.filter(group__in=Group.objects.visible_to(request.user))
                               .select_related("group", "lesson_type"), pk=pk)
    if not Group.objects.manageable_by(request.user).filter(pk=lesson.group_id).exists():
        raise PermissionDenied
    return lesson


@requires(Cap.TRAINING_MANAGE)
@require_http_methods(["GET", "POST"])
def lesson_change(request, pk):
    """Move a lesson (new time and reason) or cancel it (reason)."""
    lesson = _managed_lesson(request, pk)
    move = MoveForm(request.POST if request.POST.get("action") == "move" else None, initial={
        "date": localtime(lesson.starts_at).date(), "start": localtime(lesson.starts_at).time(),
        "end": localtime(lesson.ends_at).time()})
    cancel = ReasonForm(request.POST if request.POST.get("action") == "cancel" else None)
    conflicts, slots = [], []
    if move.is_bound and move.is_valid():
        starts_at, ends_at = move.period()
        try:
            lesson_move(actor=request.user, lesson=lesson, starts_at=starts_at, ends_at=ends_at,
                        reason=move.cleaned_data["reason"], request=request)
        except LessonConflict as conflict:
            conflicts = conflict.conflicts
            slots = conflict.slots or free_slots(plan_of(lesson, starts_at=starts_at, ends_at=ends_at),
                                                 exclude=lesson)
        else:
            messages.success(request, _("The lesson has been moved."))
            return redirect("training:schedule", pk=lesson.group_id)
    if cancel.is_bound and cancel.is_valid():
        try:
            lesson_cancel(actor=request.user, lesson=lesson, reason=cancel.cleaned_data["reason"], request=request)
        except LessonConflict as conflict:
            conflicts = conflict.conflicts
        else:
            messages.success(request, _("The lesson has been cancelled; its teachers, room and equipment are free."))
            return redirect("training:schedule", pk=lesson.group_id)
    group = lesson.group
    bad = bool(conflicts) or (move.is_bound and move.errors) or (cancel.is_bound and cancel.errors)
    return render(request, "training/lesson_change.html", {
        "crumbs": crumbs((group.code, reverse("training:group", args=[group.pk])),
                         (_("Schedule"), reverse("training:schedule", args=[group.pk])), (lesson.topic, "")),
        "lesson": lesson, "move": move, "cancel": cancel, "conflicts": conflicts, "slots": slots,
    }, status=409 if conflicts else (400 if bad else 200))
