"""Registers the admissions app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import Application, Notification

register(Application, fields=["number", "kind", "status", "program__title", "last_name", "first_name", "patronymic",
                              "birth_date", "phone", "email", "snils", "education", "submitted_at"],
         subject_lookup="applicant", purpose=_("Applications to training programs"))
register(Notification, fields=["text", "created_at", "read_at"], subject_lookup="user",
         purpose=_("Notifications about applications"))
