"""Remote learning: web conferences on BigBlueButton and links to Zoom, TrueConf, Teams, the Moodle link-up
(M22, M23)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "copp.learning"
    verbose_name = _("Remote learning")

    def ready(self):
        from copp.events.extensions import register_event_links
        from copp.programs.extensions import register_module_links

        from . import personal_data  # noqa: F401  registers the app's personal-data models (152-ФЗ)
        from .event_conferences import ConferenceLinks
        from .materials.extensions import MODULE_MATERIALS

        # The constructor and the module library link each module to its learning materials (M25), and an event's
        # page links to its conference (M23): programs and events sit below learning in the layers and cannot import us.
        register_module_links(MODULE_MATERIALS)
        register_event_links(ConferenceLinks())
