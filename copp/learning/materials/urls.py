"""URLs of the materials library, included under learning/materials/ in the learning namespace."""
from django.urls import path

from copp.core.choices import choices_view

from . import views
from .choices import AUTHORS, PUBLISHERS

urlpatterns = [
    path("", views.catalogue, name="materials_catalogue"),
    path("choices/publishers/", choices_view(PUBLISHERS, public=True), name="materials_publisher_choices"),
    path("<int:pk>/", views.card, name="materials_card"),
    path("versions/<int:pk>/preview/", views.preview, name="materials_preview"),
    path("versions/<int:pk>/download/", views.download, name="materials_download"),
    path("all/", views.internal, name="materials_internal"),
    path("all/<int:pk>/", views.detail, name="materials_detail"),
    path("all/<int:pk>/edit/", views.edit, name="materials_edit"),
    path("all/<int:pk>/attach/", views.attach, name="materials_attach"),
    path("attach/<str:kind>/<int:pk>/", views.target, name="materials_target"),
    path("uses/<int:pk>/detach/", views.detach, name="materials_detach"),
    path("mine/", views.mine, name="materials_mine"),
    path("mine/new/", views.create, name="materials_create"),
    path("library/", views.library, name="materials_library"),
    path("library/authors/", choices_view(AUTHORS), name="materials_author_choices"),
    path("library/export/", views.export, name="materials_export"),
    path("study/", views.study, name="materials_study"),
]
