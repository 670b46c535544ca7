"""The region's time zone (an administrator's choice) on the event page, the calendar feed, the .ics file, the
API and the Excel export, all agreeing; the .ics file is written by `icalendar` with the zone in it; the online
link only for registered participants and the event's managers (issue 13, issue 24)."""
import datetime
import io

import icalendar
import openpyxl
import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.events.models import RegistrationStatus
from copp.organizations.models import OrganizationType
from copp.portal.models import Branding

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.ru/secret-room"


@pytest.fixture
def yekaterinburg():
    branding = Branding.current()
    branding.time_zone = "Asia/Yekaterinburg"
    branding.save()
    return branding


def _event(world):
    # 06:00 UTC a week ahead: 11:00 in Yekaterinburg, 09:00 in Moscow.
    day = datetime.date.today() + datetime.timedelta(days=7)
    starts = datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=datetime.UTC)
    return make_event(world.orgs[OrganizationType.PARTNER][0], starts_at=starts, online_url=LINK,
                      title="Вебинар о профессиях")


def _ics(client, event):
    response = client.get(reverse("events:ics", args=[event.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_surface_shows_the_region_zone(client, world, yekaterinburg, login):
    event = _event(world)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "11:00" in page and 'data-region-tz="Asia/Yekaterinburg"' in page
    assert "Екатеринбург" in page  # the note said when the viewer's zone differs
    day = event.starts_at.date()
    feed = client.get(reverse("events:feed"), {"start": day.isoformat(),
                                               "end": (day + datetime.timedelta(days=1)).isoformat()}).json()
    assert [item["start"] for item in feed] == [f"{day.isoformat()}T11:00:00"]
    calendar = icalendar.Calendar.from_ical(_ics(client, event))
    (entry,) = calendar.walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Asia/Yekaterinburg"
    assert entry.decoded("DTSTART").hour == 11
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Yekaterinburg"]
    api = login(world.users[Role.LEARNER][0]).get(f"/api/v1/events/{event.pk}/").json()
    assert api["starts_at"].endswith("T11:00:00+05:00")
    manager = login(world.users[Role.PARTNER][0])
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(
        manager.get(reverse("events:export", args=[event.pk])).streaming_content))).active
    assert any("11:00" in str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value)


def test_moscow_by_default(client, world):
    event = _event(world)
    (entry,) = icalendar.Calendar.from_ical(_ics(client, event)).walk("VEVENT")
    assert entry["DTSTART"].params["TZID"] == "Europe/Moscow" and entry.decoded("DTSTART").hour == 9
    assert "09:00" in client.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_online_link_only_for_registered_participants_and_managers(client, world, login):
    event = _event(world)
    assert LINK not in _ics(client, event)  # anonymous
    learner, waiting = world.users[Role.LEARNER][:2]
    assert LINK not in _ics(login(learner), event)  # signed in, not registered
    make_registration(event, waiting, status=RegistrationStatus.WAITLIST)
    assert LINK not in _ics(login(waiting), event)
    assert LINK not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    make_registration(event, learner)
    registered = login(learner)
    assert LINK in _ics(registered, event).replace("\r\n ", "")
    assert LINK in registered.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert LINK not in registered.get(f"/api/v1/events/{event.pk}/").content.decode()
    assert LINK in _ics(login(world.users[Role.PARTNER][0]), event).replace("\r\n ", "")
