"""Scheduling lessons without double booking: conflicts named before saving, free slots suggested, the
database's exclusion constraints and an equipment row lock as the final guarantee (M20, M21)."""
import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from copp.core.audit import audit_record

from .models import EquipmentBooking, Lesson, LessonStatus, TeacherBooking

DAY_START, DAY_END = datetime.time(8, 0), datetime.time(21, 0)
SLOT_STEP = datetime.timedelta(minutes=30)


class LessonConflict(Exception):
    """The lesson would book a group, teacher, room, site or equipment that is already busy."""

    def __init__(self, conflicts, slots=()):
        self.conflicts = list(conflicts)
        self.slots = list(slots)
        super().__init__("; ".join(self.conflicts))


@dataclass
class LessonPlan:
    """What a lesson books: its time, place, teachers and equipment with quantities."""

    group: object
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    topic: str
    lesson_type: object
    module: object = None
    site: object = None
    room: object = None
    online_link: str = ""
    teachers: list = field(default_factory=list)
    equipment: list = field(default_factory=list)  # [(Equipment, quantity)]


def describe(lesson: Lesson) -> str:
    start = timezone.localtime(lesson.starts_at)
    end = timezone.localtime(lesson.ends_at)
    return _("group %(group)s, %(date)s %(start)s–%(end)s, «%(topic)s»") % {
        "group": lesson.group.code, "date": date_format(start, "j E"), "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}", "topic": lesson.topic}


def _busy_lessons(plan: LessonPlan, starts_at, ends_at, exclude=None):
    """The planned lessons overlapping the time that share something with the plan."""
    lessons = Lesson.objects.planned().overlapping(starts_at, ends_at).select_related("group")
    if exclude is not None:
        lessons = lessons.exclude(pk=exclude.pk)
    found = []
    for lesson in lessons.filter(group=plan.group):
        found.append(_("The group is busy: %(lesson)s.") % {"lesson": describe(lesson)})
    if plan.room is not None:
        for lesson in lessons.filter(room=plan.room):
            found.append(_("The room %(room)s is busy: %(lesson)s.") % {"room": plan.room.name,
                                                                       "lesson": describe(lesson)})
    elif plan.site is not None:
        for lesson in lessons.filter(site=plan.site, room__isnull=True):
            found.append(_("The site %(site)s is busy: %(lesson)s.") % {"site": plan.site.name,
                                                                       "lesson": describe(lesson)})
    if plan.teachers:
        bookings = TeacherBooking.objects.filter(
            is_active=True, teacher__in=plan.teachers, starts_at__lt=ends_at, ends_at__gt=starts_at,
        ).select_related("teacher", "lesson__group")
        if exclude is not None:
            bookings = bookings.exclude(lesson=exclude)
        for booking in bookings:
            found.append(_("The teacher %(teacher)s is busy: %(lesson)s.") % {
                "teacher": booking.teacher.full_name, "lesson": describe(booking.lesson)})
    for equipment, quantity in plan.equipment:
        taken = _equipment_taken(equipment, starts_at, ends_at, exclude)
        if taken + quantity > equipment.quantity:
            found.append(_("The equipment «%(name)s»: %(free)s of %(total)s free, %(asked)s asked.") % {
                "name": equipment.name, "free": max(equipment.quantity - taken, 0), "total": equipment.quantity,
                "asked": quantity})
    return found


def _equipment_taken(equipment, starts_at, ends_at, exclude=None) -> int:
    bookings = EquipmentBooking.objects.filter(equipment=equipment, is_active=True, starts_at__lt=ends_at,
                                               ends_at__gt=starts_at)
    if exclude is not None:
        bookings = bookings.exclude(lesson=exclude)
    return bookings.aggregate(total=Sum("quantity"))["total"] or 0


def conflicts_of(plan: LessonPlan, exclude=None) -> list[str]:
    """What is busy at the plan's time, each with the conflicting lesson named."""
    return _busy_lessons(plan, plan.starts_at, plan.ends_at, exclude)


def _busy_intervals(plan: LessonPlan, since, until, exclude=None):
    """Everything the plan would book, read once for a window: (start, end) pairs that block it, and per piece
    of equipment its bookings with quantities."""
    lessons = Lesson.objects.planned().overlapping(since, until)
    if exclude is not None:
        lessons = lessons.exclude(pk=exclude.pk)
    rule = Q(group=plan.group)
    if plan.room is not None:
        rule |= Q(room=plan.room)
    elif plan.site is not None:
        rule |= Q(site=plan.site, room__isnull=True)
    blocked = list(lessons.filter(rule).values_list("starts_at", "ends_at"))
    if plan.teachers:
        teachers = TeacherBooking.objects.filter(is_active=True, teacher__in=plan.teachers, starts_at__lt=until,
                                                 ends_at__gt=since)
        if exclude is not None:
            teachers = teachers.exclude(lesson=exclude)
        blocked += list(teachers.values_list("starts_at", "ends_at"))
    equipment = {}
    if plan.equipment:
        rows = EquipmentBooking.objects.filter(is_active=True, equipment__in=[e for e, _q in plan.equipment],
                                               starts_at__lt=until, ends_at__gt=since)
        if exclude is not None:
            rows = rows.exclude(lesson=exclude)
        for equipment_id, start, end, quantity in rows.values_list("equipment_id", "starts_at", "ends_at",
                                                                   "quantity"):
            equipment.setdefault(equipment_id, []).append((start, end, quantity))
    return blocked, equipment


def free_slots(plan: LessonPlan, exclude=None, limit: int = 5) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The nearest free times of the same length, on the same day and the following week (read in one go)."""
    length = plan.ends_at - plan.starts_at
    local = timezone.localtime(plan.starts_at)
    first_day = local.date()
    since = timezone.make_aware(datetime.datetime.combine(first_day, DAY_START))
    until = timezone.make_aware(datetime.datetime.combine(first_day + datetime.timedelta(days=8), DAY_END))
    blocked, equipment = _busy_intervals(plan, since, until, exclude)

    def free(start, end):
        if any(b_start < end and b_end > start for b_start, b_end in blocked):
            return False
        for item, quantity in plan.equipment:
            taken = sum(q for b_start, b_end, q in equipment.get(item.pk, []) if b_start < end and b_end > start)
            if taken + quantity > item.quantity:
                return False
        return True

    slots = []
    now = timezone.now()
    for day in range(8):
        date = first_day + datetime.timedelta(days=day)
        if date.weekday() == 6:
            continue
        start = timezone.make_aware(datetime.datetime.combine(date, DAY_START))
        last = timezone.make_aware(datetime.datetime.combine(date, DAY_END)) - length
        while start <= last and len(slots) < limit:
            if start != plan.starts_at and start >= now and free(start, start + length):
                slots.append((start, start + length))
                start += length
            else:
                start += SLOT_STEP
        if len(slots) >= limit:
            break
    return slots


def _lock_equipment(plan: LessonPlan, exclude=None) -> None:
    """Lock the equipment rows (in a fixed order, so two requests cannot deadlock) and check the sums."""
    if not plan.equipment:
        return
    from copp.resources.models import Equipment

    ids = sorted(equipment.pk for equipment, _quantity in plan.equipment)
    locked = {e.pk: e for e in Equipment.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    problems = []
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
        TeacherBooking(lesson=lesson, teacher=teacher, starts_at=lesson.starts_at, ends_at=lesson.ends_at)
        for teacher in plan.teachers])
    EquipmentBooking.objects.bulk_create([
        EquipmentBooking(lesson=lesson, equipment=equipment, quantity=quantity, starts_at=lesson.starts_at,
                         ends_at=lesson.ends_at) for equipment, quantity in plan.equipment])


def _guarded(plan: LessonPlan, write, exclude=None):
    """Run a write; an exclusion constraint refusing it becomes a LessonConflict naming the lesson."""
    found = conflicts_of(plan, exclude)
    if found:
        raise LessonConflict(found, free_slots(plan, exclude))
    try:
        with transaction.atomic():
            _lock_equipment(plan, exclude)
            return write()
    except IntegrityError:
        # Another request booked the same thing between our check and our insert.
        raise LessonConflict(conflicts_of(plan, exclude) or [_("Someone has just booked this time.")]) from None


@transaction.atomic
def lesson_schedule(*, actor, plan: LessonPlan, request=None) -> Lesson:
    """Add a lesson to a group's schedule, refusing any double booking."""
    if plan.ends_at <= plan.starts_at:
        raise LessonConflict([_("The lesson must end after it starts.")])

    def write():
        lesson = Lesson.objects.create(
            group=plan.group, starts_at=plan.starts_at, ends_at=plan.ends_at, topic=plan.topic,
            lesson_type=plan.lesson_type, module=plan.module, site=plan.site if not plan.room else plan.room.site,
            room=plan.room, online_link=plan.online_link)
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
    return plan


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
        Lesson.objects.filter(pk=lesson.pk).update(starts_at=starts_at, ends_at=ends_at, change_reason=reason,
                                                   updated_at=timezone.now())
        TeacherBooking.objects.filter(lesson=lesson).update(starts_at=starts_at, ends_at=ends_at)
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
    lesson.status = LessonStatus.CANCELLED
    lesson.change_reason = reason
    lesson.save(update_fields=["status", "change_reason", "updated_at"])
    TeacherBooking.objects.filter(lesson=lesson).update(is_active=False)
    EquipmentBooking.objects.filter(lesson=lesson).update(is_active=False)
    audit_record(actor=actor, action="lesson.cancel", obj=lesson, details={"reason": reason}, request=request)
    return lesson


def pattern_dates(date_from, date_to, weekdays) -> list[datetime.date]:
    days = []
    current = date_from
    while current <= date_to:
        if current.weekday() in weekdays:
            days.append(current)
        current += datetime.timedelta(days=1)
    return days


def lessons_from_pattern(*, actor, plan: LessonPlan, date_from, date_to, weekdays, start_time, end_time,
                         request=None) -> tuple[list[Lesson], list[tuple[datetime.date, list[str]]]]:
    """Add a lesson on each chosen weekday of the range; busy days are skipped and reported."""
    created, skipped = [], []
    for day in pattern_dates(date_from, date_to, set(weekdays)):
        plan.starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        plan.ends_at = timezone.make_aware(datetime.datetime.combine(day, end_time))
        try:
            created.append(lesson_schedule(actor=actor, plan=plan, request=request))
        except LessonConflict as conflict:
            skipped.append((day, conflict.conflicts))
    return created, skipped
