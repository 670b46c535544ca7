"""Admissions: applications of citizens, employers and educational organisations; processing (M10-M12, M19)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "copp.admissions"
    verbose_name = _("Applications")

    def ready(self):
        from . import personal_data  # noqa: F401
