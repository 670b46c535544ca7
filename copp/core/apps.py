"""Core: roles and capabilities, access helpers, workflow helper, audit log, personal-data registry."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "copp.core"
    verbose_name = _("Core")


class CoppAdminConfig(AppConfig):
    """Django admin with the "Администрирование" site whose entry is the ADMINISTRATION capability."""

    name = "django.contrib.admin"
    label = "admin"
    default_site = "copp.core.admin_site.CoppAdminSite"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Administration")

    def ready(self):
        self.module.autodiscover()
