"""The administration site (M29, M30): open to holders of the ADMINISTRATION capability."""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .access import has_capability
from .roles import Cap


class CoppAdminSite(admin.AdminSite):
    site_header = _("Platform administration")
    site_title = _("Administration")
    index_title = _("Users, roles, organisations and dictionaries")

    def has_permission(self, request):
        return request.user.is_active and has_capability(request.user, Cap.ADMINISTRATION)

    def get_urls(self):
        return [path("background/", self.admin_view(self.background_view), name="background"), *super().get_urls()]

    def background_view(self, request):
        """«Фоновые задания»: is the worker alive, does the scheduler tick, what waits in the outbox."""
        from .background import background_status

        context = {**self.each_context(request), "title": _("Background work"), **background_status()}
        return TemplateResponse(request, "admin/background.html", context)
