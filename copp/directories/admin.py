"""Administration of the dictionaries (M30): add, edit, delete, xlsx/csv import and export."""
from django.contrib import admin
from django.db import models
from import_export import resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from .models import DICTIONARIES, Competency, GradeScale, GradeValue, Municipality


class DictionaryResource(resources.ModelResource):
    def before_import_row(self, row, **kwargs):
        # An empty spreadsheet cell arrives as None; text columns store "" rather than refuse the row.
        for model_field in self._meta.model._meta.get_fields():
            is_text = isinstance(model_field, models.CharField | models.TextField)
            if is_text and model_field.name in row and row[model_field.name] is None:
                row[model_field.name] = ""


def resource_for(model):
    """An import-export resource keyed by the stable code, so re-imports update rather than duplicate."""
    meta = type("Meta", (), {"model": model, "import_id_fields": ("code",), "skip_unchanged": True,
                             "exclude": ("id",)})
    return type(f"{model.__name__}Resource", (DictionaryResource,), {"Meta": meta})


class DictionaryAdmin(ImportExportModelAdmin):
    formats = [XLSX, CSV]
    list_display = ("name", "code", "is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    list_editable = ("is_active", "order")


class CompetencyAdmin(DictionaryAdmin):
    list_display = ("name", "code", "group", "is_priority", "is_active")
    list_filter = ("is_priority", "is_active", "group")
    list_editable = ("is_priority", "is_active")


class MunicipalityAdmin(DictionaryAdmin):
    list_display = ("name", "code", "region", "is_active")
    list_filter = ("region", "is_active")
    list_select_related = ("region",)


class GradeValueInline(admin.TabularInline):
    model = GradeValue
    extra = 1


class GradeScaleAdmin(DictionaryAdmin):
    inlines = [GradeValueInline]


SPECIAL = {Competency: CompetencyAdmin, Municipality: MunicipalityAdmin, GradeScale: GradeScaleAdmin}

for dictionary in DICTIONARIES:
    admin_class = SPECIAL.get(dictionary, DictionaryAdmin)
    admin.site.register(dictionary, type(f"{dictionary.__name__}Admin", (admin_class,),
                                         {"resource_classes": [resource_for(dictionary)]}))
