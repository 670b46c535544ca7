"""What the branding settings tell the rest of the platform: the region's time zone (made current for every
request and every background task, so pages, letters, .ics files, Excel exports and the API agree) and the
centre's name and address that letters carry."""
import zoneinfo

from django.conf import settings
from django.utils import timezone

from copp.core.identity import Identity

from .models import Branding


def region_zone_name() -> str:
    """The configured zone's name; the settings' default when none is stored or the stored one is unknown."""
    name = Branding.current().time_zone or settings.TIME_ZONE
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return settings.TIME_ZONE
    return name


def activate_region_zone() -> None:
    """Make the region's zone current in this thread."""
    timezone.activate(zoneinfo.ZoneInfo(region_zone_name()))


class RegionTimeZoneMiddleware:
    """Every request works in the region's zone (not the server's, not the browser's)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        activate_region_zone()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def activate_for_task(**_kwargs) -> None:
    """Celery's task_prerun hook: letters and exports composed by a worker use the region's zone too."""
    activate_region_zone()


def branding_identity() -> Identity:
    """The centre's name and the platform's address from the branding settings (core.identity's provider)."""
    branding = Branding.current()
    return Identity(name=branding.name, short_name=branding.short_name,
                    url=branding.platform_url or settings.COPP_PLATFORM_URL)
