"""Portal: public pages, navigation, branding, the cabinet shell per role (M1, M2, M4, M8, M31)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "copp.portal"
    verbose_name = _("Portal")
