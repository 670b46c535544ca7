"""Routes of the kernel: a user's background jobs."""
from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.my_jobs, name="my_jobs"),
    path("<uuid:pk>/", views.job_detail, name="job"),
    path("<uuid:pk>/download/", views.job_download, name="job_download"),
]
