"""Scheduling lessons without double booking: the reads of availability.py name conflicts before saving and
suggest free slots; the database's exclusion constraints and row locks on the teachers and equipment are the
final guarantee (M20, M21). A lesson without a room takes its whole site (every room of it); a teacher is one
person across organisations; the teacher's weekly hours limit, the group's study period and status, and the
resources' «in use» and «can be booked» flags are kept by the service."""
import datetime

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.workflow import TransitionNotAllowed

from .availability import (
    LessonPlan,
    _equipment_taken,
    _fmt,
    _place,
    _weekly_hours,
    busy_of,
    conflicts_of,
    free_slots,
    refusals_of,
)
from .models import EquipmentBooking, Lesson, LessonStatus, TeacherBooking
from .workflow import CLOSED_GROUP, LESSON

PATTERN_MAX_DAYS = 366


class LessonConflict(Exception):
    """The lesson would book a group, teacher, room, site or equipment that is already busy."""

    def __init__(self, conflicts, slots=()):
        self.conflicts = list(conflicts)
        self.slots = list(slots)
        super().__init__("; ".join(self.conflicts))


def _lock(plan: LessonPlan, exclude=None) -> None:
    """Lock the teachers' staff rows (and the same people's rows in other organisations), then the equipment
    rows, each in a fixed order so two requests cannot deadlock; then check the weekly limits and the
    equipment sums again: a racing request has either committed or waits for us."""
    from copp.resources.models import Equipment, StaffMember

    problems = []
    if plan.teachers:
        people = {teacher.user_id for teacher in plan.teachers if teacher.user_id}
        rule = Q(pk__in=[teacher.pk for teacher in plan.teachers])
        if people:
            rule |= Q(user__in=people)
        list(StaffMember.objects.select_for_update().filter(rule).order_by("pk").values_list("pk", flat=True))
        problems += _weekly_hours(plan, exclude)
    if plan.equipment:
        ids = sorted(equipment.pk for equipment, _quantity in plan.equipment)
        locked = {e.pk: e for e in Equipment.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        for equipment, quantity in plan.equipment:
            current = locked[equipment.pk]
            taken = _equipment_taken(current, plan.starts_at, plan.ends_at, exclude)
            if taken + quantity > current.quantity:
                problems.append(_("The equipment «%(name)s»: %(free)s of %(total)s free, %(asked)s asked.") % {
                    "name": current.name, "free": max(current.quantity - taken, 0), "total": current.quantity,
                    "asked": quantity})
    if problems:
        raise LessonConflict(problems)


def _book(lesson: Lesson, plan: LessonPlan) -> None:
    TeacherBooking.objects.bulk_create([
        TeacherBooking(lesson=lesson, teacher=teacher, person_id=teacher.user_id, starts_at=lesson.starts_at,
                       ends_at=lesson.ends_at)
        for teacher in plan.teachers])
    EquipmentBooking.objects.bulk_create([
        EquipmentBooking(lesson=lesson, equipment=equipment, quantity=quantity, starts_at=lesson.starts_at,
                         ends_at=lesson.ends_at) for equipment, quantity in plan.equipment])


def _guarded(plan: LessonPlan, write, exclude=None):
    """Run a write; an exclusion constraint refusing it becomes a LessonConflict naming the lesson."""
    _place(plan)
    refused = refusals_of(plan)
    if refused:
        raise LessonConflict(refused)
    found = busy_of(plan, exclude)
    if found:
        raise LessonConflict(found, free_slots(plan, exclude))
    try:
        with transaction.atomic():
            _lock(plan, exclude)
            return write()
    except (IntegrityError, OperationalError) as error:
        # Another request booked the same thing between our check and our insert. Two requests booking a whole site
        # and a room of it wait for each other's row under two exclusion constraints, and PostgreSQL may end one of
        # them as a deadlock (40P01) rather than a violation: for the user it is the same refusal.
        if isinstance(error, OperationalError) and getattr(error.__cause__, "sqlstate", None) != "40P01":
            raise
        raise LessonConflict(conflicts_of(plan, exclude) or [_("Someone has just booked this time.")]) from None


@transaction.atomic
def lesson_schedule(*, actor, plan: LessonPlan, request=None) -> Lesson:
    """Add a lesson to a group's schedule, refusing any double booking."""
    if plan.ends_at <= plan.starts_at:
        raise LessonConflict([_("The lesson must end after it starts.")])

    def write():
        lesson = LESSON.move(Lesson(
            group=plan.group, starts_at=plan.starts_at, ends_at=plan.ends_at, topic=plan.topic,
            lesson_type=plan.lesson_type, module=plan.module, site=plan.site, room=plan.room,
            online_link=plan.online_link), LessonStatus.PLANNED, actor=actor)
        _book(lesson, plan)
        return lesson

    lesson = _guarded(plan, write)
    audit_record(actor=actor, action="lesson.schedule", obj=lesson, request=request,
                 details={"starts_at": lesson.starts_at.isoformat(), "ends_at": lesson.ends_at.isoformat()})
    return lesson


def plan_of(lesson: Lesson, **changes) -> LessonPlan:
    plan = LessonPlan(
        group=lesson.group, starts_at=lesson.starts_at, ends_at=lesson.ends_at, topic=lesson.topic,
        lesson_type=lesson.lesson_type, module=lesson.module, site=lesson.site, room=lesson.room,
        online_link=lesson.online_link,
        teachers=[b.teacher for b in lesson.teacher_bookings.select_related("teacher")],
        equipment=[(b.equipment, b.quantity) for b in lesson.equipment_bookings.select_related("equipment")])
    for key, value in changes.items():
        setattr(plan, key, value)
    return _place(plan)


@transaction.atomic
def lesson_move(*, actor, lesson: Lesson, starts_at, ends_at, reason: str, request=None) -> Lesson:
    """Move a lesson to another time with a reason; the new time must be free for everything it books."""
    reason = (reason or "").strip()
    if not reason:
        raise LessonConflict([_("Give the reason for moving the lesson.")])
    if ends_at <= starts_at:
        raise LessonConflict([_("The lesson must end after it starts.")])
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status != LessonStatus.PLANNED:
        raise LessonConflict([_("A cancelled lesson cannot be moved.")])
    old = (lesson.starts_at, lesson.ends_at)
    plan = plan_of(lesson, starts_at=starts_at, ends_at=ends_at)

    def write():
        Lesson.objects.filter(pk=lesson.pk).update(starts_at=starts_at, ends_at=ends_at, site=plan.site,
                                                   change_reason=reason, updated_at=timezone.now())
        from copp.resources.models import StaffMember

        TeacherBooking.objects.filter(lesson=lesson).update(starts_at=starts_at, ends_at=ends_at, person=Subquery(
            StaffMember.objects.filter(pk=OuterRef("teacher_id")).values("user_id")[:1]))
        EquipmentBooking.objects.filter(lesson=lesson).update(starts_at=starts_at, ends_at=ends_at)

    _guarded(plan, write, exclude=lesson)
    lesson.refresh_from_db()
    audit_record(actor=actor, action="lesson.move", obj=lesson, request=request, details={
        "from": [old[0].isoformat(), old[1].isoformat()], "to": [starts_at.isoformat(), ends_at.isoformat()],
        "reason": reason})
    return lesson


@transaction.atomic
def lesson_cancel(*, actor, lesson: Lesson, reason: str, request=None) -> Lesson:
    """Cancel a lesson with a reason; its teachers, room and equipment become free."""
    reason = (reason or "").strip()
    if not reason:
        raise LessonConflict([_("Give the reason for cancelling the lesson.")])
    lesson = Lesson.objects.select_for_update().get(pk=lesson.pk)
    if lesson.status == LessonStatus.CANCELLED:
        raise LessonConflict([_("The lesson is already cancelled.")])
    lesson.change_reason = reason
    try:
        LESSON.move(lesson, LessonStatus.CANCELLED, actor=actor, comment=reason, update_fields=["change_reason"])
    except TransitionNotAllowed as error:
        raise LessonConflict([str(error)]) from None
    TeacherBooking.objects.filter(lesson=lesson).update(is_active=False)
    EquipmentBooking.objects.filter(lesson=lesson).update(is_active=False)
    audit_record(actor=actor, action="lesson.cancel", obj=lesson, details={"reason": reason}, request=request)
    return lesson


def pattern_dates(date_from, date_to, weekdays) -> list[datetime.date]:
    """The chosen weekdays of the range (counted in days, so the last date of the calendar cannot overflow)."""
    return [day for day in (date_from + datetime.timedelta(days=n) for n in range((date_to - date_from).days + 1))
            if day.weekday() in weekdays]


def lessons_from_pattern(*, actor, plan: LessonPlan, date_from, date_to, weekdays, start_time, end_time,
                         request=None) -> tuple[list[Lesson], list[tuple[datetime.date, list[str]]]]:
    """Add a lesson on each chosen weekday of the range; busy days are skipped and reported. A closed group, a
    range outside the group's study period or longer than a year is refused as a whole (nothing is added)."""
    group = plan.group
    refused = []
    if group.status in CLOSED_GROUP:
        refused.append(_("The group %(group)s is «%(status)s»: its lessons cannot be added or moved.") % {
            "group": group.code, "status": group.get_status_display()})
    if date_to < date_from or (date_to - date_from).days > PATTERN_MAX_DAYS:
        refused.append(_("The last date must be after the first one and within a year."))
    elif date_from < group.starts_on or date_to > group.ends_on:
        refused.append(_("The dates %(first)s – %(last)s go beyond the group's study period (%(start)s – %(end)s). "
                         "Change the group's period first.") % {
            "first": _fmt(date_from), "last": _fmt(date_to), "start": _fmt(group.starts_on),
            "end": _fmt(group.ends_on)})
    if refused:
        raise LessonConflict(refused)
    created, skipped = [], []
    for day in pattern_dates(date_from, date_to, set(weekdays)):
        plan.starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        plan.ends_at = timezone.make_aware(datetime.datetime.combine(day, end_time))
        try:
            created.append(lesson_schedule(actor=actor, plan=plan, request=request))
        except LessonConflict as conflict:
            skipped.append((day, conflict.conflicts))
    return created, skipped
