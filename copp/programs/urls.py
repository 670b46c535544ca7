"""URLs of the programs app: the public catalogue and program pages, the cabinet's programs."""
from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.program_detail, name="detail"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.program_create, name="create"),
    path("manage/<int:pk>/", views.program_update, name="update"),
    path("manage/<int:pk>/status/", views.program_transition_view, name="transition"),
]
