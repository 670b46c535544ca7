"""Administration of the surveys app: the career types' mapping to competencies and professions (M9), and the
questionnaires themselves for corrections (career tests' questions and keys included)."""
from django.contrib import admin

from .models import CareerType, Question, Survey


@admin.register(CareerType)
class CareerTypeAdmin(admin.ModelAdmin):
    list_display = ("title", "instrument", "code")
    list_filter = ("instrument",)
    search_fields = ("title", "description")
    filter_horizontal = ("competencies", "professions")
    readonly_fields = ("instrument", "code")


class QuestionInline(admin.TabularInline):
    model = Question
    fk_name = "survey"
    extra = 0
    fields = ("order", "kind", "text", "required", "choices", "scoring")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "instrument", "status", "audience", "closes_at")
    list_filter = ("kind", "status", "audience")
    search_fields = ("title",)
    raw_id_fields = ("owner_organization", "created_by", "audience_group", "audience_program", "audience_event")
    inlines = [QuestionInline]
