"""Registers the surveys app's personal-data models (core.personal_data): named answers, drafts, the record
of taking part and invitations. Responses of anonymous surveys hold no person and are not listed."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import Draft, Invitation, Participation, Response

register(Response, fields=["survey__title", "submitted_at", "scores", "result_types"], subject_lookup="user",
         purpose=_("Answers to named surveys and results of career-guidance tests"))
register(Draft, fields=["survey__title", "updated_at"], subject_lookup="user",
         purpose=_("Survey answers saved to continue later"))
register(Participation, fields=["survey__title", "times", "last_at"], subject_lookup="user",
         purpose=_("Whether a person has answered a survey (for one answer per person and reminders)"))
register(Invitation, fields=["survey__title", "sent_at", "reminders"], subject_lookup="user",
         purpose=_("Invitations and reminders to answer surveys"))
