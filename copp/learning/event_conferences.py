"""BigBlueButton web conferences of events (M23): the organiser's staff hold the event online; they join as
moderators, people registered for it as viewers, only from a little before the event to a little after it."""
import datetime
import math

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.events.extensions import EventLink
from copp.events.models import Event, EventRegistration, RegistrationStatus
from copp.events.selectors import events_managed_by

from .bbb import BbbError
from .models import ConferenceSettings, EventConference
from .services import ConferenceRefused, NotInLesson, server


def role_at(user, event: Event) -> str | None:
    if events_managed_by(user).filter(pk=event.pk).exists():
        return "moderator"
    if EventRegistration.objects.filter(event=event, user=user, status=RegistrationStatus.REGISTERED).exists():
        return "viewer"
    return None


def window(event: Event):
    options = ConferenceSettings.current()
    return (event.starts_at - datetime.timedelta(minutes=options.join_early_minutes),
            event.ends_at + datetime.timedelta(minutes=options.join_late_minutes))


@transaction.atomic
def plan(*, actor, event: Event, request=None) -> EventConference:
    """Hold the event on BigBlueButton (once). Only those who manage the event."""
    if role_at(actor, event) != "moderator":
        raise NotInLesson
    server()
    conference, created = EventConference.objects.get_or_create(event=event, defaults={"created_by": actor})
    if created:
        audit_record(actor=actor, action="learning.event_conference_plan", obj=event, request=request)
    return conference


def join(*, user, event: Event, now=None) -> str:
    """The join address: moderator for the organiser's staff, viewer for a registered participant; NotInLesson
    for anyone else (views answer 404)."""
    role = role_at(user, event)
    conference = EventConference.objects.filter(event=event).first()
    if role is None or conference is None:
        raise NotInLesson
    now = now or timezone.now()
    opens, closes = window(event)
    if not opens <= now <= closes:
        raise ConferenceRefused(_("You can join from %(opens)s to %(closes)s on the day of the lesson.") % {
            "opens": time_format(timezone.localtime(opens), "H:i"),
            "closes": time_format(timezone.localtime(closes), "H:i")})
    bbb = server()
    minutes = math.ceil((event.ends_at - event.starts_at).total_seconds() / 60) + 30
    try:
        answer = bbb.create(meeting_id=conference.meeting_id, name=event.title[:250], duration=minutes)
    except BbbError as exc:
        raise ConferenceRefused(_("The conference server did not answer; try again in a minute.")) from exc
    EventConference.objects.filter(pk=conference.pk).update(create_time=answer["create_time"])
    name = f"{user.last_name} {user.first_name}".strip() or user.email
    return bbb.join_url(meeting_id=conference.meeting_id, full_name=name, user_id=f"u{user.pk}",
                        moderator=role == "moderator", create_time=answer["create_time"])


class ConferenceLinks:
    """The event page's link to its web conference (registered with events.extensions in LearningConfig.ready):
    for the organiser's staff, and for registered participants once the event is held on BigBlueButton."""

    key = "learning.event_conference"

    def links(self, user, event: Event) -> list[EventLink]:
        if not getattr(user, "is_authenticated", False):
            return []
        role = role_at(user, event)
        held = EventConference.objects.filter(event=event).exists()
        if role is None or not (held or (role == "moderator" and ConferenceSettings.current().is_ready)):
            return []
        return [EventLink(_("Web conference (BigBlueButton)"), reverse("learning:event_join_page", args=[event.pk]),
                          "bi-camera-video")]


def online_events_of(user, *, days: int = 14):
    """Events held on BigBlueButton that the person is registered for, from today to `days` ahead."""
    now = timezone.now()
    return (Event.objects.filter(conference__isnull=False, registrations__user=user,
                                 registrations__status=RegistrationStatus.REGISTERED,
                                 ends_at__gte=now, starts_at__lt=now + datetime.timedelta(days=days))
            .select_related("organizer").order_by("starts_at", "pk").distinct())
