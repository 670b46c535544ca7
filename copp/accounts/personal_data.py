"""Registers the accounts app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import ConsentRecord, RoleAssignment, User

register(User, fields=["email", "last_name", "first_name", "patronymic", "birth_date", "phone", "snils",
                       "education_level__name", "municipality__name", "confirmed_by_esia", "date_joined"],
         subject_lookup="pk", purpose=_("Account and person profile"))
register(RoleAssignment, fields=["role", "assigned_at"], subject_lookup="user",
         purpose=_("Roles held on the platform"))
register(ConsentRecord, fields=["text__title", "text__version", "given_at", "ip", "withdrawn_at"],
         subject_lookup="user", purpose=_("Consents given"))
