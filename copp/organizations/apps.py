"""Organisations: ЦОПП, partners, customers/employers, educational organisations, authorities (M5, M16)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "copp.organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import personal_data  # noqa: F401
