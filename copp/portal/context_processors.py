"""Template context for every page: branding, the cabinet menu and roles, low-vision settings."""
from copp.core.access import roles_of
from copp.core.roles import Role, menu_for

from .accessibility import a11y_settings
from .models import TIME_ZONES, Branding
from .region import region_zone_name


def platform(request):
    active_role = getattr(request, "active_role", None)
    roles = roles_of(request.user) if hasattr(request, "user") else frozenset()
    zone = region_zone_name()
    return {
        "branding": Branding.current(),
        "region_time_zone": zone,
        "region_time_zone_label": dict(TIME_ZONES).get(zone, zone),
        "a11y": a11y_settings(request),
        "active_role": active_role,
        "active_role_label": Role(active_role).label if active_role else "",
        "user_roles": [(r, Role(r).label) for r in sorted(roles)],
        "cabinet_menu": menu_for(active_role),
    }
