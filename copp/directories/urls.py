"""The dictionaries' public endpoints: the searchable choice of a profession."""
from django.urls import path

from copp.core.choices import choices_view

from .choices import PROFESSIONS

app_name = "directories"

urlpatterns = [
    path("professions/choices/", choices_view(PROFESSIONS, public=True), name="profession_choices"),
]
