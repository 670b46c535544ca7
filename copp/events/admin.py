"""Admin: events and their registrations (with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Event, EventRegistration


class EventRegistrationInline(admin.TabularInline):
    model = EventRegistration
    extra = 0
    fields = ("user", "status", "queued_at", "checked_in_at")
    readonly_fields = ("status", "queued_at", "checked_in_at")
    raw_id_fields = ("user",)
    can_delete = False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("title", "type", "organizer", "starts_at", "capacity", "status")
    list_filter = ("status", "type", "organizer")
    search_fields = ("title", "organizer__short_name")
    date_hierarchy = "starts_at"
    list_select_related = ("organizer",)
    filter_horizontal = ("competencies",)
    readonly_fields = ("status", "created_at", "updated_at")
    inlines = [EventRegistrationInline]


@admin.register(EventRegistration)
class EventRegistrationAdmin(SimpleHistoryAdmin):
    list_display = ("event", "user", "status", "queued_at", "checked_in_at")
    list_filter = ("status",)
    search_fields = ("event__title", "user__email", "user__last_name")
    list_select_related = ("event", "user")
    raw_id_fields = ("event", "user", "checked_in_by")
    # Statuses change through the services: the waitlist must move up in order.
    readonly_fields = ("status", "queued_at", "cancelled_at", "checked_in_at", "checked_in_by")
