"""Resources: staff, sites, equipment, tools, software, consumables, ICT and reference (M17, M18, D1-D3)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "copp.resources"
    verbose_name = _("Resources")

    def ready(self):
        from copp.programs.extensions import register_module_part

        from . import personal_data  # noqa: F401  registers the app's personal-data models
        from .module_needs import ResourcesModulePart

        register_module_part(ResourcesModulePart())
