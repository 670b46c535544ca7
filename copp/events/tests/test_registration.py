"""Registration for events: capacity, the waitlist that moves up on a cancellation (with an e-mail), refusals,
concurrency (20 sign-ups for 10 seats give exactly 10), «Мои мероприятия»."""
import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.events.models import EventRegistration, EventStatus, RegistrationStatus
from copp.events.services import RegistrationRefused, event_register, event_registration_cancel
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from .factories import make_event


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def statuses(event):
    return list(event.registrations.order_by("queued_at", "pk").values_list("user__email", "status"))


@pytest.mark.django_db
def test_capacity_then_waitlist_then_move_up_on_cancel(world, partner, django_capture_on_commit_callbacks):
    event = make_event(partner, capacity=2)
    people = [UserFactory(email=f"p{i}@example.ru", roles=[Role.LEARNER]) for i in range(4)]
    results = [event_register(actor=person, event=event).status for person in people]
    assert results == ["registered", "registered", "waitlist", "waitlist"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_registration_cancel(actor=people[0], event=event)
    assert statuses(event) == [("p0@example.ru", "cancelled"), ("p1@example.ru", "registered"),
                               ("p2@example.ru", "registered"), ("p3@example.ru", "waitlist")]
    assert [m.to for m in mail.outbox] == [["p2@example.ru"]]
    assert "Место ваше" in mail.outbox[0].subject
    assert AuditLog.objects.filter(action="event.promoted_from_waitlist").count() == 1


@pytest.mark.django_db
def test_signing_up_again_after_cancelling_goes_to_the_end_of_the_queue(world, partner):
    event = make_event(partner, capacity=1)
    first, second = UserFactory(roles=[Role.LEARNER]), UserFactory(roles=[Role.LEARNER])
    event_register(actor=first, event=event)
    event_registration_cancel(actor=first, event=event)
    event_register(actor=second, event=event)
    again = event_register(actor=first, event=event)
    assert again.status == RegistrationStatus.WAITLIST
    assert EventRegistration.objects.filter(event=event, user=first).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("setup", "message"), [
    ("twice", "Вы уже записаны на это мероприятие."),
    ("cancelled", "Мероприятие отменено."),
    ("draft", "Запись на это мероприятие не открыта."),
    ("past", "Мероприятие уже прошло."),
])
def test_refusals_are_clear(world, partner, setup, message):
    learner = world.users[Role.LEARNER][0]
    status = {"cancelled": EventStatus.CANCELLED, "draft": EventStatus.DRAFT}.get(setup, EventStatus.PUBLISHED)
    starts_at = timezone.now() - datetime.timedelta(days=2) if setup == "past" else None
    event = make_event(partner, status=status, starts_at=starts_at)
    if setup == "twice":
        event_register(actor=learner, event=event)
    with pytest.raises(RegistrationRefused, match=message):
        event_register(actor=learner, event=event)


@pytest.mark.django_db
def test_capacity_increase_moves_the_waitlist_up(world, partner, login):
    event = make_event(partner, capacity=1)
    for _ in range(3):
        event_register(actor=UserFactory(roles=[Role.LEARNER]), event=event)
    client = login(world.users[Role.PARTNER][0])
    data = {"title": event.title, "type": event.type, "organizer": partner.pk,
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "venue": event.venue, "capacity": "2", "description": "Описание"}
    response = client.post(reverse("events:update", args=[event.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [s for _e, s in statuses(event)] == ["registered", "registered", "waitlist"]


@pytest.mark.django_db
def test_pages_register_cancel_and_my_events(world, partner, login):
    event = make_event(partner, capacity=1, title="День открытых дверей")
    client = login(world.users[Role.LEARNER][0])
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    content = response.content.decode()
    assert "Вы записаны." in content
    assert "День открытых дверей" in client.get(reverse("events:mine")).content.decode()
    other = login(world.users[Role.LEARNER][1])
    content = other.post(reverse("events:register", args=[event.pk]), follow=True).content.decode()
    assert "вы в листе ожидания" in content
    client = login(world.users[Role.LEARNER][0])
    response = client.post(reverse("events:cancel", args=[event.pk]), {"next": "mine"}, follow=True)
    assert "Запись отменена." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("events:mine")
    assert EventRegistration.objects.get(event=event, user=world.users[Role.LEARNER][1]).status == "registered"


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_sign_ups_for_ten_seats_give_exactly_ten(world, partner):
    event = make_event(partner, capacity=10)
    people = [UserFactory(email=f"c{i}@example.ru", roles=[Role.LEARNER]) for i in range(20)]
    barrier = threading.Barrier(len(people))
    errors = []

    def sign_up(person):
        try:
            barrier.wait()
            event_register(actor=person, event=event)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    counts = {s: event.registrations.filter(status=s).count() for s in ("registered", "waitlist")}
    assert counts == {"registered": 10, "waitlist": 10}
