"""The administration site (M29, M30): open to holders of the ADMINISTRATION capability."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .access import has_capability
from .roles import Cap


class CoppAdminSite(admin.AdminSite):
    site_header = _("Platform administration")
    site_title = _("Administration")
    index_title = _("Users, roles, organisations and dictionaries")

    def has_permission(self, request):
        return request.user.is_active and has_capability(request.user, Cap.ADMINISTRATION)
