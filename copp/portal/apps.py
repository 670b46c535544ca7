"""Portal: public pages, navigation, branding, the cabinet shell per role (M1, M2, M4, M8, M31)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "copp.portal"
    verbose_name = _("Portal")

    def ready(self):
        from celery.signals import task_prerun

        from copp.core.identity import identity_provider_set

        from .region import activate_for_task, branding_identity

        task_prerun.connect(activate_for_task, weak=False, dispatch_uid="copp.portal.region_zone")
        identity_provider_set(branding_identity)
