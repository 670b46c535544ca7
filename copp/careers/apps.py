"""Careers: vacancies (own and imported), their matching to competencies, the labour-market view (M9, D7)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "copp.careers"
    verbose_name = _("Careers")

    def ready(self):
        from . import jobs, personal_data  # noqa: F401  registers the import job kind and personal-data models
