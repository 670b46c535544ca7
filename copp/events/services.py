"""Writes about events: save and status changes, registration with capacity and a waitlist that moves up
on a cancellation, check-in; each atomic and audited, letters queued in the outbox with the change."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.links import absolute_url
from copp.core.workflow import TransitionNotAllowed

from .models import ACTIVE_REGISTRATION, Event, EventRegistration, EventStatus, RegistrationStatus
from .selectors import events_managed_by, organizers_for
from .workflow import EVENT_WORKFLOW, REGISTRATION


class RegistrationRefused(Exception):
    """Registration or cancellation is not possible; the message is for the user."""


def _check_manages(actor, event: Event) -> None:
    if not events_managed_by(actor).filter(pk=event.pk).exists():
        raise PermissionDenied


@transaction.atomic
def event_save(*, actor, form, request=None) -> Event:
    """Create or update an event; seats added to a full event go to the waitlist in order."""
    event = form.instance
    if event.pk:
        _check_manages(actor, event)
    if not organizers_for(actor).filter(pk=form.cleaned_data["organizer"].pk).exists():
        raise PermissionDenied
    created = event.pk is None
    changed = list(form.changed_data)
    event = form.save()
    if not created:
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _fill_from_waitlist(locked, request=request)
    audit_record(actor=actor, action="event.created" if created else "event.updated", obj=event,
                 details={"fields": changed}, request=request)
    return event


@transaction.atomic
def event_transition(*, actor, event: Event, target: str, comment: str = "", request=None) -> Event:
    """Publish, return to drafts or cancel an event; a cancellation is e-mailed to everyone signed up."""
    _check_manages(actor, event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    source = locked.status
    if source == target:
        raise TransitionNotAllowed(_("The event already has this status."))
    if target == EventStatus.PUBLISHED and not locked.organizer.is_verified:
        raise TransitionNotAllowed(_("The organisation has not been verified yet: its events can be published "
                                     "once the CoPP confirms it."))
    EVENT_WORKFLOW.move(locked, target, actor=actor, comment=comment)
    audit_record(actor=actor, action="event.status_changed", obj=locked, details={"from": source, "to": target},
                 request=request)
    if target == EventStatus.CANCELLED:
        for registration in locked.registrations.filter(status__in=ACTIVE_REGISTRATION).select_related("user"):
            _notify(registration.pk, "cancelled", _base_url(request))
    return locked


def _registered_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def registration_open_error(event: Event) -> str | None:
    """Why one cannot sign up for an event now, or None."""
    if event.status == EventStatus.CANCELLED:
        return _("The event has been cancelled.")
    if event.status != EventStatus.PUBLISHED:
        return _("Registration for this event is not open.")
    if event.ends_at < timezone.now():
        return _("The event is over.")
    return None


@transaction.atomic
def event_register(*, actor, event: Event, request=None) -> EventRegistration:
    """Sign the actor up: a seat while there are seats, otherwise a place on the waitlist. The event row is
    locked, so concurrent sign-ups queue and never take more seats than there are."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    error = registration_open_error(locked)
    if error:
        raise RegistrationRefused(error)
    registration = EventRegistration.objects.filter(event=locked, user=actor).first()
    if registration is not None and registration.status in ACTIVE_REGISTRATION:
        raise RegistrationRefused(_("You are already registered for this event.")
                                  if registration.status == RegistrationStatus.REGISTERED
                                  else _("You are already on the waitlist for this event."))
    full = locked.capacity is not None and _registered_count(locked) >= locked.capacity
    status = RegistrationStatus.WAITLIST if full else RegistrationStatus.REGISTERED
    now = timezone.now()
    if registration is None:
        registration = EventRegistration(event=locked, user=actor)
    registration.queued_at, registration.cancelled_at = now, None
    registration.checked_in_at, registration.checked_in_by = None, None
    try:
        REGISTRATION.move(registration, status, actor=actor,
                          update_fields=["queued_at", "cancelled_at", "checked_in_at", "checked_in_by"])
    except TransitionNotAllowed as error:
        raise RegistrationRefused(str(error)) from None
    audit_record(actor=actor, action="event.registered" if not full else "event.waitlisted", obj=locked,
                 details={"registration": registration.pk}, request=request)
    _notify(registration.pk, status, _base_url(request))
    return registration


@transaction.atomic
def event_registration_cancel(*, actor, event: Event, request=None) -> EventRegistration:
    """Cancel the actor's registration; a freed seat goes to the first person on the waitlist, who is e-mailed."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    registration = EventRegistration.objects.filter(event=locked, user=actor,
                                                    status__in=ACTIVE_REGISTRATION).first()
    if registration is None:
        raise RegistrationRefused(_("You are not registered for this event."))
    if locked.ends_at < timezone.now():
        raise RegistrationRefused(_("The event is over."))
    registration.cancelled_at = timezone.now()
    try:
        REGISTRATION.move(registration, RegistrationStatus.CANCELLED, actor=actor, update_fields=["cancelled_at"])
    except TransitionNotAllowed as error:
        raise RegistrationRefused(str(error)) from None
    audit_record(actor=actor, action="event.registration_cancelled", obj=locked,
                 details={"registration": registration.pk}, request=request)
    _fill_from_waitlist(locked, request=request)
    return registration


def _fill_from_waitlist(event: Event, *, request=None) -> list[EventRegistration]:
    """Move people up from the waitlist while there are free seats; the caller holds the event row lock."""
    if event.status != EventStatus.PUBLISHED or event.ends_at < timezone.now():
        return []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLIST).order_by("queued_at", "pk")
    if event.capacity is not None:
        free = event.capacity - _registered_count(event)
        waiting = waiting[:max(free, 0)]
    promoted = list(waiting)
    for registration in promoted:
        REGISTRATION.move(registration, RegistrationStatus.REGISTERED, actor=None, by_platform=True,
                          comment=_("A seat became free."))
        audit_record(actor=None, action="event.promoted_from_waitlist", obj=event,
                     details={"registration": registration.pk}, request=request)
        _notify(registration.pk, "promoted", _base_url(request))
    return promoted


@transaction.atomic
def registration_check_in(*, actor, registration: EventRegistration, came: bool, request=None) -> EventRegistration:
    """Mark that a registered person came to the event (or undo the mark)."""
    _check_manages(actor, registration.event)
    locked = EventRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.status != RegistrationStatus.REGISTERED:
        raise RegistrationRefused(_("Only registered participants can be checked in."))
    locked.checked_in_at = timezone.now() if came else None
    locked.checked_in_by = actor if came else None
    locked.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    audit_record(actor=actor, action="event.checked_in" if came else "event.check_in_undone", obj=locked.event,
                 details={"registration": locked.pk}, request=request)
    return locked


def _base_url(request) -> str:
    return absolute_url("/", request).rstrip("/")


NOTICES = {
    RegistrationStatus.REGISTERED: "events/email/registered",
    RegistrationStatus.WAITLIST: "events/email/waitlisted",
    "promoted": "events/email/promoted",
    "cancelled": "events/email/event_cancelled",
}


def _notify(registration_pk: int, notice: str, base_url: str) -> None:
    registration = EventRegistration.objects.select_related("event", "user").get(pk=registration_pk)
    if not registration.user.email:
        return
    context = {"registration": registration, "event": registration.event, "user": registration.user,
               "url": base_url + reverse("events:detail", args=[registration.event_id])}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{NOTICES[notice]}_subject.txt", context).strip()
        body = render_to_string(f"{NOTICES[notice]}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.user.email])
