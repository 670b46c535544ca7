"""URLs of the resources app: the registry, the cabinet lists, and the same routes for every kind of record."""
from django.urls import path

from copp.core.choices import choices_view

from . import file_views, views
from .choices import SITES, TEACHERS
from .kinds import KINDS

app_name = "resources"

urlpatterns = [
    path("registry/", views.registry, name="registry"),
    path("registry/export/", views.registry_export, name="registry_export"),
    path("manage/", views.manage, name="manage"),
    path("teachers/choices/", choices_view(TEACHERS), name="teacher_choices"),
    path("sites/choices/", choices_view(SITES), name="site_choices"),
    path("import/<slug:kind>/", file_views.import_records, name="import"),
    path("import/<slug:kind>/template/", file_views.import_template, name="import_template"),
    path("sites/<int:pk>/photos/", file_views.site_photo_add_view, name="site_photo_add"),
    path("photos/<int:pk>/", file_views.site_photo, name="site_photo"),
    path("photos/<int:pk>/delete/", file_views.site_photo_delete_view, name="site_photo_delete"),
    path("documents/<int:pk>/", file_views.staff_document_file, name="staff_document_file"),
    path("consumable/<int:pk>/movements/", views.consumable_movement_add, name="consumable_movement_add"),
]
for _code in KINDS:
    _kind = {"kind": _code}
    urlpatterns += [
        path(f"{_code}/add/", views.create, _kind, name=f"{_code}_create"),
        path(f"{_code}/<int:pk>/", views.detail, _kind, name=f"{_code}_detail"),
        path(f"{_code}/<int:pk>/edit/", views.update, _kind, name=f"{_code}_update"),
        path(f"{_code}/<int:pk>/archive/", views.archive, _kind, name=f"{_code}_archive"),
    ]
