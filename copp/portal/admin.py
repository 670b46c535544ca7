"""Admin: branding settings (a single row)."""
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from copp.core.uploads import UploadRefused, check_logo

from .models import Branding


class BrandingForm(forms.ModelForm):
    class Meta:
        model = Branding
        fields = ["logo"]  # the admin adds the others from its fieldsets

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):  # a new file: every visitor's browser will load it (issue 14)
            try:
                check_logo(logo)
            except UploadRefused as refused:
                raise forms.ValidationError(refused.message) from None
        return logo


@admin.register(Branding)
class BrandingAdmin(admin.ModelAdmin):
    form = BrandingForm
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
