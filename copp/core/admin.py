"""Admin: the audit log is read-only and searchable."""
from django.contrib import admin

from .models import AuditLog


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr", "ip")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor__email", "object_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
