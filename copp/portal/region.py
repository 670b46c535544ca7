"""The region's time zone (an administrator's choice in the branding settings), made current for every
request and every background task, so pages, letters, .ics files, Excel exports and the API agree."""
import zoneinfo

from django.conf import settings
from django.utils import timezone

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
