"""Registering for an event while the mail relay refuses connections or never answers: the request answers
normally and fast, the registration is kept, and the letter waits in the outbox for the next attempt (it
answered 500 after the registration was committed, or hung, before the outbox)."""
import socket
import time

import pytest
from django.urls import reverse

from copp.core.models import Letter, LetterStatus
from copp.core.roles import Role
from copp.events.models import EventRegistration, RegistrationStatus
from copp.organizations.models import OrganizationType

from .factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)
EMAIL_TIMEOUT = 1


@pytest.fixture
def relay(settings):
    """Where the SMTP relay is said to be; the test makes it refuse or hang."""
    settings.COPP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT
    return settings


def _register_and_time(client, world):
    event = make_event(world.orgs[OrganizationType.PARTNER][0])
    learner = world.users[Role.LEARNER][0]
    client.force_login(learner)
    started = time.monotonic()
    response = client.post(reverse("events:register", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="ru")
    elapsed = time.monotonic() - started
    assert response.status_code == 302 and response["Location"] == reverse("events:detail", args=[event.pk])
    assert EventRegistration.objects.get(event=event, user=learner).status == RegistrationStatus.REGISTERED
    letter = Letter.objects.get(recipients__contains=learner.email)
    assert letter.status == LetterStatus.QUEUED and letter.attempts == 1
    assert letter.next_attempt_at is not None and letter.last_error
    return elapsed


def test_a_relay_refusing_connections(client, world, relay):
    with socket.socket() as closed:  # a port nobody listens on: connections are refused at once
        closed.bind(("127.0.0.1", 0))
        relay.EMAIL_PORT = closed.getsockname()[1]
    assert _register_and_time(client, world) < 3


def test_a_relay_that_never_answers(client, world, relay):
    # Listens but never accepts nor greets: an SMTP client waits for the greeting until EMAIL_TIMEOUT.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        relay.EMAIL_PORT = silent.getsockname()[1]
        # Tests deliver in the request (eager tasks), so the wait is bounded by EMAIL_TIMEOUT; on a real
        # worker the request does not wait at all.
        assert _register_and_time(client, world) < EMAIL_TIMEOUT + 3
