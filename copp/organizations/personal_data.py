"""Registers the organisations app's personal-data models (core.personal_data)."""
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register

from .models import Membership

register(Membership, fields=["organization__short_name", "position", "role", "is_active", "created_at"],
         subject_lookup="user", purpose=_("Work in organisations"))
