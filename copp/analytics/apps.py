"""Monitoring: the ЦОПП indicators from pre-aggregated daily facts, dashboards, reports, ФИС ФРДО export (M27)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "copp.analytics"
    verbose_name = _("Monitoring")
