"""Reviews: the expert review engine (M15) for any registered subject: program versions now, materials next."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "copp.reviews"
    verbose_name = _("Expert review")

    def ready(self):
        from . import subjects  # noqa: F401  registers the reviewable kinds of the apps below this one
