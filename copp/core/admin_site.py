"""The administration site (M29, M30): open to holders of the ADMINISTRATION capability."""
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .access import has_capability
from .roles import Cap

# The sections as the administrator thinks of them, in this order; a model's app decides its section unless
# the model is named. What no section names stays under its app's own name, after these.
SECTIONS = (
    ("people", _("Users and roles"), {"accounts", "api.integratortoken"}),
    ("organizations", _("Organisations"), {"organizations"}),
    ("dictionaries", _("Dictionaries"), {"directories"}),
    ("appearance", _("Appearance and sign-in"), {"portal", "esia.esiasettings"}),
    ("journals", _("Journals and background work"),
     {"core", "django_celery_beat", "django_celery_results", "esia.esiaevent"}),
)


def _section_of(app_label: str, model_name: str) -> str | None:
    for key, _title, members in SECTIONS:
        if f"{app_label}.{model_name}" in members:
            return key
    for key, _title, members in SECTIONS:
        if app_label in members:
            return key
    return None


class CoppAdminSite(admin.AdminSite):
    site_header = _("Platform administration")
    site_title = _("Administration")
    index_title = _("Users, roles, organisations and dictionaries")

    def has_permission(self, request):
        return request.user.is_active and has_capability(request.user, Cap.ADMINISTRATION)

    def get_app_list(self, request, app_label=None):
        """The index grouped by SECTIONS (Пользователи и роли, Организации, Справочники, Оформление, Журналы),
        then the remaining apps; a single app's page (app_label) stays as Django builds it."""
        apps = super().get_app_list(request, app_label)
        if app_label:
            return apps
        sections = {key: {"name": str(title), "app_label": key, "app_url": "", "has_module_perms": True,
                          "models": []} for key, title, _members in SECTIONS}
        rest = []
        for app in apps:
            left = []
            for model in app["models"]:
                key = _section_of(app["app_label"], model["object_name"].lower())
                (sections[key]["models"] if key else left).append(model)
            if left:
                rest.append({**app, "models": left})
        if "journals" in sections and request.user.is_active:
            from django.urls import reverse

            sections["journals"]["models"].append({
                "name": str(_("Background work")), "object_name": "background", "perms": {"view": True},
                "admin_url": reverse("admin:background"), "add_url": None, "view_only": True})
        grouped = [section for section in sections.values() if section["models"]]
        return grouped + rest

    def get_urls(self):
        return [path("background/", self.admin_view(self.background_view), name="background"), *super().get_urls()]

    def background_view(self, request):
        """«Фоновые задания»: is the worker alive, does the scheduler tick, what waits in the outbox."""
        from .background import background_status

        context = {**self.each_context(request), "title": _("Background work"), **background_status()}
        return TemplateResponse(request, "admin/background.html", context)
