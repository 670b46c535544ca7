"""Issue 14: nothing an organisation still awaiting verification makes is public; it cannot publish events or
programs until the CoPP verifies it, and what it published before is hidden from the pages and the API."""
import pytest
from django.test import Client
from django.urls import reverse

from copp.accounts.models import User
from copp.events.models import Event, EventStatus
from copp.organizations.models import Organization, VerificationStatus
from copp.organizations.tests.test_signup import register
from copp.programs.models import Program, ProgramStatus
from copp.programs.tests.factories import make_program

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_partner(client):
    """A partner organisation that signed itself up through the real flow: the partner role, not yet verified."""
    register(client, kind="partner")
    organization = Organization.objects.get()
    assert organization.verification_status == VerificationStatus.PENDING
    user = User.objects.get(memberships__organization=organization)
    member = Client()
    member.force_login(user)
    return organization, member


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_unverified_partner_cannot_publish_an_event_until_verified(pending_partner, world):
    organization, member = pending_partner
    event = make_event(organization, title="Мастер-класс непроверенной организации", status=EventStatus.DRAFT)
    response = member.post(reverse("events:transition", args=[event.pk]), {"target": EventStatus.PUBLISHED},
                           follow=True)
    assert "ещё не прошла проверку" in messages_of(response)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT

    organization.verification_status = VerificationStatus.VERIFIED
    organization.save()
    member.post(reverse("events:transition", args=[event.pk]), {"target": EventStatus.PUBLISHED})
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.title in Client().get(reverse("events:list")).content.decode()


def test_unverified_partner_cannot_publish_a_program(pending_partner, world):
    organization, member = pending_partner
    program = make_program(organization, title="Программа непроверенной организации", status=ProgramStatus.DRAFT)
    response = member.post(reverse("programs:transition", args=[program.pk]),
                           {"target": ProgramStatus.PUBLISHED, "comment": ""}, follow=True)
    assert "ещё не прошла проверку" in messages_of(response)
    program.refresh_from_db()
    assert program.status == ProgramStatus.DRAFT


def test_what_an_unverified_organisation_published_is_nowhere_public(pending_partner, world):
    organization, member = pending_partner
    # Published rows of an unverified organisation (made before the rule, or by a rejected one).
    event = make_event(organization, title="Скрытое мероприятие")
    program = make_program(organization, title="Скрытая программа")
    anonymous = Client()
    assert event.title not in anonymous.get(reverse("events:list")).content.decode()
    assert anonymous.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert event.title not in anonymous.get(reverse("events:feed"), {
        "start": "2000-01-01T00:00:00Z", "end": "2100-01-01T00:00:00Z"}).content.decode()
    api_events = anonymous.get("/api/v1/events/").json()
    assert event.pk not in [row["id"] for row in api_events["results"]]
    assert anonymous.get(f"/api/v1/events/{event.pk}/").status_code == 404
    assert program.title not in anonymous.get(reverse("programs:catalogue")).content.decode()
    assert anonymous.get(reverse("programs:detail", args=[program.pk])).status_code == 404
    assert anonymous.get(f"/api/v1/programs/{program.pk}/").status_code == 404
    # Its own members still see and manage their drafts and rows in the cabinet.
    assert member.get(reverse("events:detail", args=[event.pk])).status_code == 200
    assert member.get(reverse("programs:detail", args=[program.pk])).status_code == 200
    assert Event.objects.filter(pk=event.pk).exists() and Program.objects.filter(pk=program.pk).exists()
