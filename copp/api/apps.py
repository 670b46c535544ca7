"""API: /api/v1/ routers over the apps' serializers, the OpenAPI schema, integrator tokens (M33)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "copp.api"
    verbose_name = _("Open API")

    def ready(self):
        from . import schema  # noqa: F401  registers the drf-spectacular extensions
