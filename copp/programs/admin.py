"""Admin: programs with their modules and start dates (with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import LibraryModule, Program, ProgramDocumentTemplate, ProgramModule, ProgramStart, ProgramVersion
from .services import program_next_start_update, program_search_vector_update


class ProgramModuleInline(admin.TabularInline):
    model = ProgramModule
    extra = 0
    fields = ("order", "title", "theory_hours", "practice_hours")


class ProgramStartInline(admin.TabularInline):
    model = ProgramStart
    extra = 0
    fields = ("starts_on", "place", "seats")


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ("title", "provider", "kind", "study_form", "hours", "is_free", "status", "updated_at")
    list_filter = ("status", "kind", "study_form", "is_free", "provider")
    search_fields = ("title", "provider__short_name")
    list_select_related = ("provider", "kind", "study_form")
    filter_horizontal = ("competencies", "municipalities")
    raw_id_fields = ("profession",)
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = [ProgramModuleInline, ProgramStartInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        program_search_vector_update([form.instance.pk])  # competencies are saved only now
        program_next_start_update([form.instance.pk])  # and the start dates


@admin.register(LibraryModule)
class LibraryModuleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "author", "status", "open_for_individual", "updated_at")
    list_filter = ("status", "open_for_individual")
    search_fields = ("title", "author__short_name")
    list_select_related = ("author",)
    filter_horizontal = ("competencies",)
    raw_id_fields = ("profession", "author")


@admin.register(ProgramVersion)
class ProgramVersionAdmin(admin.ModelAdmin):
    """Versions are frozen: read only."""

    list_display = ("program", "number", "status", "created_at", "decided_at", "published_at")
    list_filter = ("status",)
    search_fields = ("program__title",)
    list_select_related = ("program",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgramDocumentTemplate)
class ProgramDocumentTemplateAdmin(admin.ModelAdmin):
    """The administrator replaces the program document's DOCX template here (docs/program-constructor.md)."""

    list_display = ("title", "is_active", "uploaded_at")
