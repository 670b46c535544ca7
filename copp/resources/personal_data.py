"""Registers the resources app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import StaffDocument, StaffMember

register(StaffMember, fields=["organization__short_name", "last_name", "first_name", "patronymic", "position",
                              "kind", "email", "phone", "experience_years", "weekly_hours_limit"],
         subject_lookup="user", purpose=_("Staff resources of organisations"))
register(StaffDocument, fields=["kind", "title", "number", "issued_by", "issued_on", "valid_until"],
         subject_lookup="staff__user", purpose=_("Qualification documents of staff"))
