"""Administration of the review engine: the register of experts (from the staff registry) and the criteria
sets with their criteria; reviews are read here, decided on the platform's pages."""
from django.contrib import admin

from .models import CriteriaSet, Criterion, Expert, Review


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("__str__", "staff_organization", "is_active")
    list_filter = ("is_active",)
    search_fields = ("staff__last_name", "staff__first_name")
    raw_id_fields = ("staff",)
    list_select_related = ("staff__organization",)

    @admin.display(description="organisation")
    def staff_organization(self, obj):
        return obj.staff.organization


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "title", "hint", "weight", "scale_max", "comment_below")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "is_active")
    inlines = [CriterionInline]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organization", "status", "updated_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    readonly_fields = ("kind", "object_id", "title", "organization", "status", "criteria_set", "chair")

    def has_add_permission(self, request):
        return False
