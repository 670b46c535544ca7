"""URLs of the surveys app: answering by link, «Мои опросы», the builder and results (under /surveys/)."""
from django.urls import path

from copp.core.choices import choices_view

from . import manage_views, views
from .choices import AUDIENCE_ORGANIZATIONS

app_name = "surveys"
urlpatterns = [
    path("a/<uuid:token>/", views.answer, name="answer"),
    path("a/<uuid:token>/thanks/", views.thanks, name="thanks"),
    path("my/", views.mine, name="mine"),
    path("manage/", manage_views.manage, name="manage"),
    path("manage/new/", manage_views.survey_create, name="create"),
    path("manage/organizations/", choices_view(AUDIENCE_ORGANIZATIONS), name="organization_choices"),
    path("manage/from-template/<slug:code>/", manage_views.survey_from_template, name="from_template"),
    path("manage/<int:pk>/", manage_views.builder, name="builder"),
    path("manage/<int:pk>/settings/", manage_views.survey_update, name="update"),
    path("manage/<int:pk>/questions/", manage_views.question_add, name="question_add"),
    path("manage/<int:pk>/sections/", manage_views.section_add, name="section_add"),
    path("manage/sections/<int:pk>/", manage_views.section_update, name="section_update"),
    path("manage/<int:pk>/status/", manage_views.survey_status, name="status"),
    path("manage/<int:pk>/preview/", manage_views.preview, name="preview"),
    path("manage/<int:pk>/results/", manage_views.survey_results, name="results"),
    path("manage/<int:pk>/results-<slug:kind>.xlsx", manage_views.survey_export, name="export"),
    path("manage/questions/<int:pk>/delete/", manage_views.question_delete, name="question_delete"),
    path("manage/answers/<int:pk>/file/", manage_views.answer_file, name="answer_file"),
]
