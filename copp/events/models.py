"""Events of the CoPP and its partners (M9) and registrations for them with a waitlist and check-in (M13)."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from copp.core.models import TimeStampedModel
from copp.directories.models import Competency, Municipality
from copp.organizations.models import Organization


class EventType(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    SEMINAR = "seminar", _("Seminar")
    MASTERCLASS = "masterclass", _("Master class")
    WEBINAR = "webinar", _("Webinar")
    OPEN_DAY = "open_day", _("Open day")
    CAREER_GUIDANCE = "career_guidance", _("Career guidance event")
    CHAMPIONSHIP = "championship", _("Skills championship")
    EXCURSION = "excursion", _("Excursion to an enterprise")
    JOB_FAIR = "job_fair", _("Job fair")
    # A short hands-on try of a profession in a workshop (ЦОПП recommendations count its participants apart).
    PROFESSIONAL_TRIAL = "professional_trial", _("Professional trial")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published event")
    CANCELLED = "cancelled", _("Cancelled")


class Event(TimeStampedModel):
    title = models.CharField(_("event title"), max_length=300)
    type = models.CharField(_("event type"), max_length=20, choices=EventType.choices, db_index=True)
    description = models.TextField(_("event description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=300, blank=True,
                             help_text=_("Address and room; leave empty for an online event."))
    municipality = models.ForeignKey(Municipality, verbose_name=_("municipality"), null=True, blank=True,
                                     on_delete=models.PROTECT)
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("A link to the broadcast or web conference, if any."))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Number of seats; leave empty if there is no limit."))
    organizer = models.ForeignKey(Organization, verbose_name=_("organiser"), on_delete=models.PROTECT,
                                  related_name="events")
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="events")
    contacts = models.TextField(_("contacts"), blank=True)
    status = models.CharField(_("event status"), max_length=20, choices=EventStatus.choices,
                              default=EventStatus.DRAFT, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"]),
                   # The searchable choice of an event (copp.events.choices) looks for a part of the title.
                   GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="events_event_title_trgm")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                                   name="event_capacity_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.venue


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered for the event")
    WAITLIST = "waitlist", _("On the waitlist")
    CANCELLED = "cancelled", _("Registration cancelled")


ACTIVE_REGISTRATION = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLIST)


class EventRegistration(TimeStampedModel):
    """One person's place at an event: registered, on the waitlist (in `queued_at` order) or cancelled.
    A cancelled registration is reused when the person signs up again, so there is one row per person."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE,
                              related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE,
                             related_name="event_registrations")
    status = models.CharField(_("registration status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.REGISTERED, db_index=True)
    queued_at = models.DateTimeField(_("signed up at"))
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("came at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("check-in marked by"), null=True,
                                      blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="event_registration_unique")]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} — {self.event}"

    @property
    def is_registered(self) -> bool:
        """Holds a seat: sees the online link and may be checked in."""
        return self.status == RegistrationStatus.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLIST
