"""An iCalendar (RFC 5545) feed of a person's lessons, so their calendar app can subscribe to it."""
from django.utils import timezone

from copp.events.ics import _escape, _fold, _utc


def lessons_ics(lessons, *, domain: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//COPP//Training//RU", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:" + _escape("Расписание занятий")]
    stamp = _utc(timezone.now())
    for lesson in lessons:
        place = ", ".join(str(p) for p in (lesson.room or lesson.site, lesson.online_link) if p)
        lines += [
            "BEGIN:VEVENT", f"UID:lesson-{lesson.pk}@{domain}", f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(lesson.starts_at)}", f"DTEND:{_utc(lesson.ends_at)}",
            f"SUMMARY:{_escape(f'{lesson.topic} ({lesson.group.code})')}",
            f"DESCRIPTION:{_escape(str(lesson.lesson_type))}", f"LOCATION:{_escape(place)}",
            f"STATUS:{'CANCELLED' if lesson.status == 'cancelled' else 'CONFIRMED'}", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
