"""Admin: programs with their modules and start dates (with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Program, ProgramModule, ProgramStart
from .services import program_search_vector_update


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
