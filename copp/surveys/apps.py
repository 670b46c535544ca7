"""Surveys: questionnaires, targeting, reminders, results; the career-guidance tests built on them (M26, M9)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "copp.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import personal_data  # noqa: F401  registers the app's personal-data models
