"""Events: ЦОПП and partner events, registrations with a waitlist, check-in (M9, M13)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "copp.events"
    verbose_name = _("Events")

    def ready(self):
        from . import personal_data  # noqa: F401  registers the app's personal-data models
