"""Accounts: users with e-mail login, person profile, roles held, consents (M5-M7, M29)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "copp.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import personal_data  # noqa: F401  registers the app's personal-data models
