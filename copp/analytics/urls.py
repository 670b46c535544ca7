"""URLs of the monitoring app."""
from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard.xlsx", views.dashboard_xlsx, name="dashboard_xlsx"),
    path("dashboard.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("print/", views.dashboard_print, name="print"),
    path("records/<slug:metric>/", views.records, name="records"),
    path("plans/", views.plans, name="plans"),
    path("frdo/", views.frdo, name="frdo"),
    path("frdo/file/", views.frdo_file, name="frdo_file"),
]
