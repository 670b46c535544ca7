"""Administration of training records: groups and lessons for administrators' corrections."""
from django.contrib import admin

from .models import Group, Lesson


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("code", "program", "provider", "starts_on", "ends_on", "status")
    list_filter = ("status",)
    search_fields = ("code", "program__title")
    raw_id_fields = ("program", "provider", "curator", "site")
    filter_horizontal = ("teachers",)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("group", "starts_at", "ends_at", "topic", "status")
    list_filter = ("status",)
    search_fields = ("group__code", "topic")
    raw_id_fields = ("group", "module", "site", "room")
    readonly_fields = ("starts_at", "ends_at", "status")
