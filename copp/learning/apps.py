"""Remote learning: web conferences on BigBlueButton and links to Zoom, TrueConf, Teams, the Moodle link-up
(M22, M23)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "copp.learning"
    verbose_name = _("Remote learning")

    def ready(self):
        from copp.events.extensions import register_event_links

        from .event_conferences import ConferenceLinks

        register_event_links(ConferenceLinks())
