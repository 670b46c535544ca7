"""ESIA (Госуслуги): sign-in and sign-up as a django-allauth provider, signers, person import (M6)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EsiaConfig(AppConfig):
    name = "copp.esia"
    verbose_name = _("Gosuslugi (ESIA)")

    def ready(self):
        from . import checks, personal_data  # noqa: F401  registers the checks and the personal-data models
