"""Training: groups, enrolment, lessons and schedules with conflict checks, the e-journal (M20, M21, D5, D8)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "copp.training"
    verbose_name = _("Training")

    def ready(self):
        from . import personal_data  # noqa: F401  registers the app's personal-data models
