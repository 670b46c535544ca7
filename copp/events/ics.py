"""An iCalendar (RFC 5545) file for one event, so people can add it to their calendars; the online link only
for those who may see it (registered participants and the event's managers), as on the event's page."""
import icalendar
from django.utils import timezone

from copp.core.ics import calendar_bytes, calendar_new, local


def event_ics(event, *, url: str, domain: str, online_link: bool = False) -> bytes:
    """The event as a one-entry calendar; `online_link` puts the link in it (the caller decides who sees it)."""
    calendar = calendar_new(product="Events")
    entry = icalendar.Event()
    entry.add("uid", f"event-{event.pk}@{domain}")
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("dtstart", local(event.starts_at))
    entry.add("dtend", local(event.ends_at))
    entry.add("summary", event.title)
    online = event.online_url if online_link else ""
    entry.add("description", "\n\n".join(part for part in (event.description, online, url) if part))
    place = ", ".join(part for part in (event.venue, online) if part)
    if place:
        entry.add("location", place)
    organizer = icalendar.vCalAddress(f"mailto:{event.organizer.email or 'noreply@' + domain}")
    organizer.params["cn"] = icalendar.vText(str(event.organizer))
    entry.add("organizer", organizer)
    entry.add("url", url)
    entry.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    calendar.add_component(entry)
    return calendar_bytes(calendar)
