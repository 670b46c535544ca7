"""Admin: the audit log is read-only and searchable; ReadOnlyAdmin for every record kept as evidence."""
from django.contrib import admin

from .models import AuditLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as evidence (audit, sign-ins, erasure requests): listed and opened, never added, changed
    or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor__email", "object_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)
