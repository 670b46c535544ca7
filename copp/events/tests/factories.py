"""Test data of the events app."""
import datetime
import itertools

from django.utils import timezone

from copp.events.models import Event, EventRegistration, EventStatus, EventType, RegistrationStatus

_serial = itertools.count(1)


def make_event(organizer, *, capacity=10, days=7, status=EventStatus.PUBLISHED, **fields) -> Event:
    starts = fields.pop("starts_at", None) or timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        title=fields.pop("title", None) or f"Мастер-класс {next(_serial)}",
        type=fields.pop("type", EventType.MASTERCLASS), organizer=organizer, starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2), venue=fields.pop("venue", "ул. Ленина, 1, ауд. 101"),
        capacity=capacity, status=status, description=fields.pop("description", "Практическое занятие"), **fields,
    )


def make_registration(event, user, status=RegistrationStatus.REGISTERED) -> EventRegistration:
    return EventRegistration.objects.create(event=event, user=user, status=status, queued_at=timezone.now())
