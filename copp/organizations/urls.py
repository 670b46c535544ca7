"""URLs of the organisations app: sign-up, the database, the card and verification, own organisation."""
from django.urls import path

from copp.core.choices import choices_view

from . import views
from .choices import ORGANIZATIONS

app_name = "organizations"
urlpatterns = [
    path("signup/<str:kind>/", views.signup, name="signup"),
    path("list/", views.organization_list, name="list"),
    path("choices/", choices_view(ORGANIZATIONS), name="choices"),
    path("list/export.xlsx", views.organization_export, name="export"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/verify/", views.organization_verify_view, name="verify"),
    path("<int:pk>/reject/", views.organization_reject_view, name="reject"),
    path("my/", views.own, name="own"),
]
