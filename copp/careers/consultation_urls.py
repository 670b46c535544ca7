"""URLs of the register of consultations on an individual learning plan (under /consultations/)."""
from django.urls import path

from . import consultation_views as views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("consultations.xlsx", views.consultation_export, name="xlsx"),
    path("new/", views.consultation_create, name="create"),
    path("<int:pk>/", views.consultation_update, name="update"),
]
