"""Admin: branding settings (a single row)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Branding


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    fieldsets = (
        (None, {"fields": ("name", "short_name", "tagline", "logo", "color_primary", "color_accent",
                           "font_family", "time_zone")}),
        (_("Contacts"), {"fields": ("platform_url", "official_site_url", "address", "phone", "email")}),
        (_("Texts"), {"fields": ("operator_details", "privacy_policy", "accessibility_statement")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Branding.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
