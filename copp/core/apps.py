"""Core: roles and capabilities, access helpers, workflow helper, audit log, personal-data registry."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # The module also holds the admin's config, so this one is named the default explicitly.
    default = True
    name = "copp.core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from . import metrics, request_id
        from .schedule import install_after_migrate

        # Tasks log under the id of the request that queued them and report their durations and failures.
        request_id.connect_celery_signals()
        metrics.connect_celery_signals()

        # Each app's jobs.py registers its kinds of background jobs (copp.core.jobs).
        autodiscover_modules("jobs")
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="copp.core.schedule")


class CoppAdminConfig(AppConfig):
    """Django admin with the "Администрирование" site whose entry is the ADMINISTRATION capability."""

    name = "django.contrib.admin"
    label = "admin"
    default_site = "copp.core.admin_site.CoppAdminSite"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("Administration")

    def ready(self):
        self.module.autodiscover()
