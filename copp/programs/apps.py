"""Programs: the catalogue of upskilling, retraining and professional training programs (M9)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "copp.programs"
    verbose_name = _("Programs")
