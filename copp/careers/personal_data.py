"""Registers the careers app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import SavedSearch, VacancyResponse

register(VacancyResponse, fields=["vacancy__title", "vacancy__employer_name", "message", "phone", "created_at"],
         subject_lookup="applicant", purpose=_("Responses to vacancies"))
register(SavedSearch, fields=["name", "query", "notify", "created_at"], subject_lookup="user",
         purpose=_("Saved vacancy searches"))
