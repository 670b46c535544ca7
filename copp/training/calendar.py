"""An iCalendar (RFC 5545) feed of a person's lessons, so their calendar app can subscribe to it."""
import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.ics import calendar_bytes, calendar_new, local


def lessons_ics(lessons, *, domain: str) -> bytes:
    """The lessons as a calendar in the region's zone (the feed is the person's own: links included)."""
    calendar = calendar_new(product="Training", name=_("Lesson timetable"))
    stamp = timezone.now()
    for lesson in lessons:
        entry = icalendar.Event()
        entry.add("uid", f"lesson-{lesson.pk}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", local(lesson.starts_at))
        entry.add("dtend", local(lesson.ends_at))
        entry.add("summary", f"{lesson.topic} ({lesson.group.code})")
        entry.add("description", str(lesson.lesson_type))
        place = ", ".join(str(p) for p in (lesson.room or lesson.site, lesson.online_link) if p)
        if place:
            entry.add("location", place)
        entry.add("status", "CANCELLED" if lesson.status == "cancelled" else "CONFIRMED")
        calendar.add_component(entry)
    return calendar_bytes(calendar)
