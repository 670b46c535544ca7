"""Admin of the admissions app: the documents programs ask for, campaigns; applications read-only."""
from django.contrib import admin

from .models import Application, Campaign, RequiredDocument


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(admin.ModelAdmin):
    list_display = ("program", "kind", "is_required")
    list_filter = ("kind",)
    autocomplete_fields = ("program",)
    search_fields = ("program__title",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "deadline", "quota")
    filter_horizontal = ("programs",)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "status", "program", "organization", "submitted_at")
    list_filter = ("kind", "status")
    search_fields = ("number",)
    list_select_related = ("program", "organization")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
