"""Admin: organisations (with history, import/export and a verify action) and memberships."""
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from copp.core.workflow import TransitionNotAllowed

from .models import Membership, Organization
from .resources import OrganizationResource
from .services import organization_verify


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "position", "is_active")
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrganizationResource]
    formats = [XLSX, CSV]
    list_display = ("short_name", "type", "inn", "ogrn", "municipality", "verification_status", "created_at")
    list_filter = ("type", "verification_status", "municipality")
    search_fields = ("name", "short_name", "inn", "ogrn")
    list_select_related = ("municipality",)
    filter_horizontal = ("competencies",)
    # The verification fields change only through the workflow (the action below or the card).
    readonly_fields = ("verification_status", "verification_comment", "verified_at", "verified_by",
                       "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("type", "name", "short_name", "inn", "ogrn", "kpp")}),
        (_("Contacts"), {"fields": ("legal_address", "postal_address", "municipality", "phone", "email",
                                    "website")}),
        (_("Competencies"), {"fields": ("competencies",)}),
        (_("Verification"), {"fields": ("verification_status", "verification_comment", "verified_at",
                                        "verified_by", "created_at", "updated_at")}),
    )
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["verify_selected"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify_selected(self, request, queryset):
        done, refused = 0, []
        for organization in queryset:
            try:
                organization_verify(actor=request.user, organization=organization, request=request)
                done += 1
            except TransitionNotAllowed as error:
                refused.append(f"{organization}: {error}")
        if done:
            text = ngettext("%(n)d organisation verified.", "%(n)d organisations verified.", done)
            self.message_user(request, text % {"n": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organization", "role", "position", "is_active", "created_at")
    list_filter = ("role", "is_active", "organization__type")
    search_fields = ("user__email", "user__last_name", "user__first_name", "organization__short_name",
                     "organization__name", "organization__inn")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user",)
    autocomplete_fields = ("organization",)
