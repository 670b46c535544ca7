"""Directories: the reference dictionaries the administrator maintains (M30)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoriesConfig(AppConfig):
    name = "copp.directories"
    verbose_name = _("Reference dictionaries")
