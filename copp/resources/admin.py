"""Administration of the resources: the equipment type dictionary (with xlsx import/export) and every
kind of record, for the administrator's corrections."""
from django.contrib import admin
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from .models import (
    Consumable,
    ConsumableMovement,
    Equipment,
    EquipmentType,
    IctResource,
    ReferenceResource,
    Room,
    Site,
    SitePhoto,
    Software,
    StaffCompetency,
    StaffDocument,
    StaffMember,
    Tool,
)


class EquipmentTypeResource(resources.ModelResource):
    """Keyed by the stable code, so re-imports update rather than duplicate."""

    class Meta:
        model = EquipmentType
        import_id_fields = ("code",)
        skip_unchanged = True
        exclude = ("id",)


@admin.register(EquipmentType)
class EquipmentTypeAdmin(ImportExportModelAdmin):
    resource_classes = [EquipmentTypeResource]
    formats = [XLSX, CSV]
    list_display = ("name", "code", "category", "is_active", "order")
    list_filter = ("category", "is_active")
    search_fields = ("name", "code")
    list_editable = ("is_active", "order")


class RecordAdmin(admin.ModelAdmin):
    list_filter = ("is_active",)
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    search_fields = ("name", "organization__short_name")
    readonly_fields = ("created_at", "updated_at")
    show_full_result_count = False


class StaffCompetencyInline(admin.TabularInline):
    model = StaffCompetency
    extra = 0
    autocomplete_fields = ("competency",)


class StaffDocumentInline(admin.StackedInline):
    model = StaffDocument
    extra = 0


@admin.register(StaffMember)
class StaffMemberAdmin(RecordAdmin):
    list_display = ("__str__", "organization", "kind", "position", "weekly_hours_limit", "is_bookable", "is_active")
    list_filter = ("kind", "is_bookable", "is_active")
    search_fields = ("last_name", "first_name", "email", "organization__short_name")
    autocomplete_fields = ("organization", "user")
    inlines = [StaffCompetencyInline, StaffDocumentInline]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class SitePhotoInline(admin.TabularInline):
    model = SitePhoto
    extra = 0
    readonly_fields = ("content_type", "uploaded_at")


@admin.register(Site)
class SiteAdmin(RecordAdmin):
    list_display = ("name", "organization", "kind", "municipality", "capacity", "is_bookable", "is_active")
    list_filter = ("kind", "is_demo_exam_center", "is_bookable", "is_active", "municipality")
    list_select_related = ("organization", "municipality")
    autocomplete_fields = ("organization", "competencies")
    inlines = [RoomInline, SitePhotoInline]


@admin.register(Equipment)
class EquipmentAdmin(RecordAdmin):
    list_display = ("name", "organization", "equipment_type", "inventory_number", "quantity", "condition",
                    "is_active")
    list_filter = ("condition", "equipment_type", "is_bookable", "is_active")
    list_select_related = ("organization", "equipment_type")
    search_fields = ("name", "inventory_number", "organization__short_name")
    autocomplete_fields = ("organization", "site", "competencies")


@admin.register(Tool)
class ToolAdmin(RecordAdmin):
    list_display = ("name", "organization", "tool_type", "inventory_number", "quantity", "condition", "is_active")
    list_filter = ("condition", "tool_type", "is_active")
    list_select_related = ("organization", "tool_type")
    autocomplete_fields = ("organization", "site")


@admin.register(Software)
class SoftwareAdmin(RecordAdmin):
    list_display = ("name", "version", "organization", "licence_type", "seats", "valid_until", "is_active")
    list_filter = ("licence_type", "is_active")
    autocomplete_fields = ("organization", "site", "competencies")


class MovementInline(admin.TabularInline):
    model = ConsumableMovement
    extra = 0
    readonly_fields = ("kind", "quantity", "on_date", "purpose", "stock_after", "recorded_by", "recorded_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # the stock changes only through the cabinet's usage and receipt records


@admin.register(Consumable)
class ConsumableAdmin(RecordAdmin):
    list_display = ("name", "organization", "stock", "unit", "minimum_level", "is_active")
    readonly_fields = ("stock", "low_stock_alerted_at", "created_at", "updated_at")
    autocomplete_fields = ("organization", "site", "responsible")
    inlines = [MovementInline]


@admin.register(IctResource)
class IctResourceAdmin(RecordAdmin):
    list_display = ("name", "organization", "kind", "valid_until", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(ReferenceResource)
class ReferenceResourceAdmin(RecordAdmin):
    list_display = ("name", "organization", "kind", "document_number", "is_active")
    list_filter = ("kind", "is_active")
    autocomplete_fields = ("organization", "competencies")
