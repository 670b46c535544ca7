"""URLs of the careers app: the public vacancy search and pages, the employer's cabinet, moderation, imports,
saved searches and the labour-market view."""
from django.urls import path

from . import cabinet_views, market_views, views

app_name = "careers"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("for-competencies/", views.for_competencies, name="for_competencies"),
    path("searches/", views.my_searches, name="my_searches"),
    path("searches/save/", views.search_save, name="search_save"),
    path("searches/<int:pk>/delete/", views.search_delete, name="search_delete"),
    path("own/", cabinet_views.own, name="own"),
    path("own/new/", cabinet_views.vacancy_create, name="create"),
    path("own/<int:pk>/", cabinet_views.vacancy_update, name="update"),
    path("own/<int:pk>/submit/", cabinet_views.submit, name="submit"),
    path("own/<int:pk>/close/", cabinet_views.close, name="close"),
    path("own/responses/", cabinet_views.responses, name="responses"),
    path("moderation/", cabinet_views.moderation, name="moderation"),
    path("moderation/<int:pk>/", cabinet_views.moderate, name="moderate"),
    path("<int:pk>/matching/", cabinet_views.matching, name="matching"),
    path("imports/", cabinet_views.imports, name="imports"),
    path("imports/<int:pk>/", cabinet_views.import_run, name="import_run"),
    path("labour-market/", market_views.summary, name="market"),
    path("labour-market/analysis/", market_views.analysis, name="market_analysis"),
    path("labour-market/analysis.xlsx", market_views.export, name="market_export"),
]
