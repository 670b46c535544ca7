"""Reading a planned lesson's availability before anything is written: what it would collide with (named), the
refusals of the group's status and period and of the resources' flags, the teachers' weekly hours, the equipment
taken, and free slots to suggest (M20, M21). scheduling.py writes, with this as its check."""
import datetime
from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import EquipmentBooking, Lesson, TeacherBooking
from .workflow import CLOSED_GROUP

DAY_START, DAY_END = datetime.time(8, 0), datetime.time(21, 0)
SLOT_STEP = datetime.timedelta(minutes=30)


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
    if plan.site is not None:
        # A room lesson meets its room and the whole-site lessons; a whole-site lesson meets every lesson there.
        place = lessons.filter(site=plan.site).select_related("room")
        if plan.room is not None:
            place = place.filter(Q(room=plan.room) | Q(room__isnull=True))
        for lesson in place:
            if lesson.room_id is None:
                found.append(_("The site %(site)s is busy: %(lesson)s.") % {"site": plan.site.name,
                                                                           "lesson": describe(lesson)})
            elif plan.room is not None:
                found.append(_("The room %(room)s is busy: %(lesson)s.") % {"room": plan.room.name,
                                                                           "lesson": describe(lesson)})
            else:
                found.append(_("The site %(site)s is busy: %(lesson)s, room %(room)s.") % {
                    "site": plan.site.name, "lesson": describe(lesson), "room": lesson.room.name})
    if plan.teachers:
        bookings = _teacher_bookings(plan, exclude).filter(starts_at__lt=ends_at, ends_at__gt=starts_at) \
            .select_related("teacher__organization", "lesson__group")
        ours = {teacher.pk for teacher in plan.teachers}
        by_person = {teacher.user_id: teacher for teacher in plan.teachers if teacher.user_id}
        for booking in bookings:
            if booking.teacher_id in ours:
                found.append(_("The teacher %(teacher)s is busy: %(lesson)s.") % {
                    "teacher": booking.teacher.full_name, "lesson": describe(booking.lesson)})
            else:  # the same person booked through their staff record in another organisation
                found.append(_("The teacher %(teacher)s is busy in another organisation (%(org)s): %(lesson)s.") % {
                    "teacher": by_person[booking.person_id].full_name,
                    "org": booking.teacher.organization.short_name, "lesson": describe(booking.lesson)})
    for equipment, quantity in plan.equipment:
        taken = _equipment_taken(equipment, starts_at, ends_at, exclude)
        if taken + quantity > equipment.quantity:
            found.append(_("The equipment «%(name)s»: %(free)s of %(total)s free, %(asked)s asked.") % {
                "name": equipment.name, "free": max(equipment.quantity - taken, 0), "total": equipment.quantity,
                "asked": quantity})
    return found


def _teacher_bookings(plan: LessonPlan, exclude=None):
    """The active bookings of the plan's teachers: of their staff records and of the same people through any
    other organisation's staff record."""
    people = {teacher.user_id for teacher in plan.teachers if teacher.user_id}
    rule = Q(teacher__in=[teacher.pk for teacher in plan.teachers])
    if people:
        rule |= Q(person__in=people)
    bookings = TeacherBooking.objects.filter(rule, is_active=True)
    if exclude is not None:
        bookings = bookings.exclude(lesson=exclude)
    return bookings


def _week_of(moment) -> tuple[datetime.datetime, datetime.datetime]:
    """The ISO week (Monday 00:00 to the next Monday 00:00, local time) holding the moment."""
    monday = timezone.localtime(moment).date()
    monday -= datetime.timedelta(days=monday.weekday())
    return (timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min)),
            timezone.make_aware(datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min)))


def _hours(length: datetime.timedelta) -> str:
    hours = round(length.total_seconds() / 3600, 2)
    return number_format(int(hours) if hours == int(hours) else hours)


def _over_limit(plan: LessonPlan, rows, starts_at, ends_at) -> list[str]:
    """The teachers whose week would exceed their weekly hours limit. rows: (teacher_id, person_id, start, end)
    of active bookings (the lesson being moved left out), covering at least the lesson's week."""
    since, until = _week_of(starts_at)
    length = ends_at - starts_at
    found = []
    for teacher in plan.teachers:
        taken = sum((end - start for teacher_id, person_id, start, end in rows
                     if since <= start < until
                     and (teacher_id == teacher.pk or (teacher.user_id and person_id == teacher.user_id))),
                    datetime.timedelta())
        if taken + length > datetime.timedelta(hours=teacher.weekly_hours_limit):
            found.append(_("Teacher %(teacher)s: the weekly limit is exceeded — already %(hours)s h of %(limit)s "
                           "in the week from %(monday)s, the lesson adds %(adds)s h.") % {
                "teacher": teacher.full_name, "hours": _hours(taken), "limit": teacher.weekly_hours_limit,
                "monday": date_format(timezone.localtime(since).date(), "j E"), "adds": _hours(length)})
    return found


def _weekly_hours(plan: LessonPlan, exclude=None) -> list[str]:
    if not plan.teachers:
        return []
    since, until = _week_of(plan.starts_at)
    rows = list(_teacher_bookings(plan, exclude).filter(starts_at__gte=since, starts_at__lt=until)
                .values_list("teacher_id", "person_id", "starts_at", "ends_at"))
    return _over_limit(plan, rows, plan.starts_at, plan.ends_at)


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def refusals_of(plan: LessonPlan) -> list[str]:
    """What no time can fix: a closed group, a date outside the group's study period, a resource archived or
    closed to booking."""
    found = []
    group = plan.group
    if group.status in CLOSED_GROUP:
        found.append(_("The group %(group)s is «%(status)s»: its lessons cannot be added or moved.") % {
            "group": group.code, "status": group.get_status_display()})
    if plan.starts_at is not None:
        day = timezone.localtime(plan.starts_at).date()
        if not group.starts_on <= day <= group.ends_on:
            found.append(_("%(date)s is outside the group's study period (%(start)s – %(end)s). Change the group's "
                           "period first.") % {"date": _fmt(day), "start": _fmt(group.starts_on),
                                               "end": _fmt(group.ends_on)})
    if plan.site is not None and not (plan.site.is_active and plan.site.is_bookable):
        found.append(_("The site %(site)s cannot be booked: it is archived or closed to booking.") % {
            "site": plan.site.name})
    if plan.room is not None and not (plan.room.is_active and plan.room.is_bookable):
        found.append(_("The room %(room)s cannot be booked: it is archived or closed to booking.") % {
            "room": plan.room.name})
    for teacher in plan.teachers:
        if not (teacher.is_active and teacher.is_bookable):
            found.append(_("The teacher %(teacher)s cannot be booked: the record is archived or closed to "
                           "booking.") % {"teacher": teacher.full_name})
    for equipment, _quantity in plan.equipment:
        if not (equipment.is_active and equipment.is_bookable):
            found.append(_("The equipment «%(name)s» cannot be booked: it is archived or closed to booking.") % {
                "name": equipment.name})
    return found


def _equipment_taken(equipment, starts_at, ends_at, exclude=None) -> int:
    bookings = EquipmentBooking.objects.filter(equipment=equipment, is_active=True, starts_at__lt=ends_at,
                                               ends_at__gt=starts_at)
    if exclude is not None:
        bookings = bookings.exclude(lesson=exclude)
    return bookings.aggregate(total=Sum("quantity"))["total"] or 0


def busy_of(plan: LessonPlan, exclude=None) -> list[str]:
    """What is busy at the plan's time, each with the conflicting lesson named, and the weekly limits."""
    return _busy_lessons(plan, plan.starts_at, plan.ends_at, exclude) + _weekly_hours(plan, exclude)


def conflicts_of(plan: LessonPlan, exclude=None) -> list[str]:
    """Everything that refuses the plan: what no time fixes first, then what is busy at its time."""
    _place(plan)
    return refusals_of(plan) + busy_of(plan, exclude)


def _place(plan: LessonPlan) -> LessonPlan:
    """A room lesson always carries its room's site (the database's place rule reads the site)."""
    if plan.room is not None:
        plan.site = plan.room.site
    return plan


def _busy_intervals(plan: LessonPlan, since, until, exclude=None):
    """Everything the plan would book, read once for a window: (start, end) pairs that block it, the teachers'
    bookings over the window's whole weeks (for the weekly limits), and per piece of equipment its bookings
    with quantities."""
    lessons = Lesson.objects.planned().overlapping(since, until)
    if exclude is not None:
        lessons = lessons.exclude(pk=exclude.pk)
    rule = Q(group=plan.group)
    if plan.room is not None:
        rule |= Q(site=plan.site, room=plan.room) | Q(site=plan.site, room__isnull=True)
    elif plan.site is not None:
        rule |= Q(site=plan.site)
    blocked = list(lessons.filter(rule).values_list("starts_at", "ends_at"))
    teachers = []
    if plan.teachers:
        first, last = _week_of(since)[0], _week_of(until)[1]
        teachers = list(_teacher_bookings(plan, exclude).filter(starts_at__lt=last, ends_at__gt=first)
                        .values_list("teacher_id", "person_id", "starts_at", "ends_at"))
        blocked += [(start, end) for _t, _p, start, end in teachers]
    equipment = {}
    if plan.equipment:
        rows = EquipmentBooking.objects.filter(is_active=True, equipment__in=[e for e, _q in plan.equipment],
                                               starts_at__lt=until, ends_at__gt=since)
        if exclude is not None:
            rows = rows.exclude(lesson=exclude)
        for equipment_id, start, end, quantity in rows.values_list("equipment_id", "starts_at", "ends_at",
                                                                   "quantity"):
            equipment.setdefault(equipment_id, []).append((start, end, quantity))
    return blocked, teachers, equipment


def free_slots(plan: LessonPlan, exclude=None, limit: int = 5) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The nearest free times of the same length, on the same day and the following week (read in one go)."""
    length = plan.ends_at - plan.starts_at
    local = timezone.localtime(plan.starts_at)
    first_day = local.date()
    since = timezone.make_aware(datetime.datetime.combine(first_day, DAY_START))
    until = timezone.make_aware(datetime.datetime.combine(first_day + datetime.timedelta(days=8), DAY_END))
    _place(plan)
    blocked, teachers, equipment = _busy_intervals(plan, since, until, exclude)

    def free(start, end):
        if any(b_start < end and b_end > start for b_start, b_end in blocked):
            return False
        if plan.teachers and _over_limit(plan, teachers, start, end):
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
        if date.weekday() == 6 or not plan.group.starts_on <= date <= plan.group.ends_on:
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
