"""URLs of the programs app: the public catalogue and program pages, the cabinet's programs, the module library,
the constructor, versions and the program document."""
from django.urls import path

from copp.core.choices import choices_view

from . import constructor_views, views
from .choices import LIBRARY_AUTHORS, PROGRAMS, PROVIDERS, PUBLISHED

app_name = "programs"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("manage/", views.manage, name="manage"),
    path("choices/", choices_view(PROGRAMS), name="choices"),
    path("choices/providers/", choices_view(PROVIDERS, public=True), name="provider_choices"),
    path("choices/published/", choices_view(PUBLISHED, public=True), name="published_choices"),
    path("manage/new/", views.program_create, name="create"),
    path("manage/<int:pk>/", views.program_update, name="update"),
    path("manage/<int:pk>/status/", views.program_transition_view, name="transition"),
    path("manage/<int:pk>/constructor/", constructor_views.program_constructor, name="constructor"),
    path("manage/<int:pk>/versions/", constructor_views.program_versions, name="versions"),
    path("manage/<int:pk>/document/", constructor_views.program_document, name="document"),
    path("library/", constructor_views.library, name="library"),
    path("library/authors/", choices_view(LIBRARY_AUTHORS), name="library_author_choices"),
    path("library/new/", constructor_views.module_create, name="module_create"),
    path("library/<int:pk>/", constructor_views.module_update, name="module_update"),
    path("library/<int:pk>/status/", constructor_views.module_transition, name="module_transition"),
]
