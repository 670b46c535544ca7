"""Admin: the ESIA settings (a single row) and the read-only journal of sign-ins through ESIA."""
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from copp.core.admin import ReadOnlyAdmin

from . import gost
from .models import EsiaEvent, EsiaSettings
from .options import esia_options


class EsiaSettingsForm(forms.ModelForm):
    """Sign-in through ESIA cannot be switched on without ESIA's certificate: tokens are always checked."""

    class Meta:
        model = EsiaSettings
        fields = "__all__"  # noqa: DJ007  the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("enabled"):
            return cleaned
        path = cleaned.get("esia_certificate_path") or getattr(settings, "ESIA", {}).get("ESIA_CERT_PATH", "")
        try:
            gost.certificate_public_key(Path(path).read_bytes()) if path else None
        except (OSError, gost.GostError):
            path = None
            self.add_error("esia_certificate_path", _("This file is not a readable GOST R 34.10-2012 certificate."))
        if path == "":
            self.add_error("esia_certificate_path", _("Sign-in through Gosuslugi needs the ESIA certificate: without "
                                                      "it the signatures of ESIA's answers cannot be checked."))
        return cleaned


@admin.register(EsiaSettings)
class EsiaSettingsAdmin(admin.ModelAdmin):
    form = EsiaSettingsForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("enabled", "environment", "custom_url", "client_id", "scopes", "redirect_uri"),
                "description": _("A blank field takes the value of the server's ESIA_* environment variable.")}),
        (_("Signature"), {"fields": ("signer", "certificate_path", "key_path", "certificate_hash",
                                     "cryptopro_container", "signer_url")}),
        (_("Tokens"), {"fields": ("esia_certificate_path", "issuer", "timeout")}),
        (_("In force"), {"fields": ("in_force",)}),
    )
    readonly_fields = ("in_force",)

    @admin.display(description=_("settings in force"))
    def in_force(self, obj):
        """What the platform uses now: the saved fields with the environment's values for the blank ones."""
        options = esia_options()
        rows = [(_("on"), options.enabled), (_("address"), options.base_url), (_("client id"), options.client_id),
                (_("scopes"), options.scope), (_("signer"), options.signer),
                (_("certificate"), options.certificate_path), (_("key"), options.key_path),
                (_("ESIA certificate"), options.esia_certificate_path), (_("issuer"), options.issuer)]
        return format_html_join(mark_safe("<br>"), "{}: {}", ((label, value or "—") for label, value in rows))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not EsiaSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EsiaEvent)
class EsiaEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "outcome", "reason", "oid", "user", "ip")
    list_filter = ("outcome", "reason")
    search_fields = ("oid", "user__email")
    date_hierarchy = "at"
    list_select_related = ("user",)
