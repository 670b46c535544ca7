"""Events held on BigBlueButton (M23): the organiser's staff plan and join as moderators, registered people join
as viewers around the event's time, anyone else has no seat."""
import datetime
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.events.tests.factories import make_event, make_registration
from copp.organizations.models import OrganizationType

from .. import event_conferences
from ..models import EventConference
from ..services import ConferenceRefused

pytestmark = pytest.mark.django_db


def test_an_event_is_held_on_bigbluebutton_for_its_people_only(bbb_on, world, login):
    partner = world.orgs[OrganizationType.PARTNER][0]
    starts = timezone.now() - datetime.timedelta(minutes=5)
    event = make_event(partner, starts_at=starts, title="Вебинар о профессиях")
    learner, stranger = world.users[Role.LEARNER]
    make_registration(event, learner)
    organiser = login(world.users[Role.PARTNER][0])
    page = organiser.get(reverse("learning:event_join_page", args=[event.pk])).content.decode()
    assert "Провести в BigBlueButton" in page
    assert organiser.post(reverse("learning:event_conference_plan", args=[event.pk])).status_code == 302
    conference = EventConference.objects.get(event=event)
    # The organiser enters as a moderator.
    location = organiser.get(reverse("learning:event_join", args=[event.pk]))["Location"]
    assert parse_qs(urlsplit(location).query)["role"] == ["MODERATOR"]
    # The registered learner as a viewer; the server lets them in.
    client = login(learner)
    location = client.get(reverse("learning:event_join", args=[event.pk]))["Location"]
    assert location.startswith(bbb_on.url) and parse_qs(urlsplit(location).query)["role"] == ["VIEWER"]
    with urllib.request.urlopen(location, timeout=5) as reply:  # noqa: S310  the local server
        assert "/fake-client?" in reply.url
    assert [a.role for a in bbb_on.meetings[conference.meeting_id].attendees] == ["VIEWER"]
    # Someone not registered has no seat; a learner cannot plan.
    other = login(stranger)
    assert other.get(reverse("learning:event_join", args=[event.pk])).status_code == 403
    assert other.post(reverse("learning:event_conference_plan", args=[event.pk])).status_code == 403


def test_joining_opens_only_around_the_event(bbb_on, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    event = make_event(partner, days=3)
    learner = world.users[Role.LEARNER][0]
    make_registration(event, learner)
    event_conferences.plan(actor=world.users[Role.PARTNER][0], event=event)
    with pytest.raises(ConferenceRefused):
        event_conferences.join(user=learner, event=event)
    assert event_conferences.join(user=learner, event=event, now=event.starts_at).startswith(bbb_on.url)
