"""Registers the events app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import EventRegistration

register(EventRegistration, fields=["event__title", "event__starts_at", "status", "queued_at", "cancelled_at",
                                    "checked_in_at"],
         subject_lookup="user", purpose=_("Registrations for events"))
