"""iCalendar (RFC 5545) files written with the maintained `icalendar` library, times in the region's zone with
its VTIMEZONE, so a calendar app shows them as the platform's pages do."""
import datetime

import icalendar
from django.utils import timezone


def calendar_new(*, product: str, name: str = "") -> icalendar.Calendar:
    """An empty calendar of the platform; `name` is what a subscribing app calls it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//COPP//{product}//RU")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(timezone.get_current_timezone()))
    return calendar


def local(moment: datetime.datetime) -> datetime.datetime:
    """The moment in the current (region's) zone: written as DTSTART;TZID=… with the zone in the file."""
    return timezone.localtime(moment)


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    """The file's bytes, with a VTIMEZONE for every zone its entries use."""
    calendar.add_missing_timezones()
    return calendar.to_ical()
