"""URLs of the remote learning app."""
from django.urls import include, path

from . import moodle_views, views

app_name = "learning"
urlpatterns = [
    path("my/", views.my, name="my"),
    path("materials/", include("copp.learning.materials.urls")),
    path("lessons/<int:pk>/", views.lesson, name="lesson"),
    path("lessons/<int:pk>/conference/", views.conference_plan, name="conference_plan"),
    path("lessons/<int:pk>/join/", views.join, name="join"),
    path("lessons/<int:pk>/attendance/refresh/", views.attendance_refresh, name="attendance_refresh"),
    path("lessons/<int:pk>/attendance/confirm/", views.attendance_confirm, name="attendance_confirm"),
    path("bbb/ended/<str:token>/", views.bbb_ended, name="bbb_ended"),
    path("settings/conferences/", views.conference_settings, name="conference_settings"),
    path("settings/moodle/", moodle_views.moodle_settings, name="moodle_settings"),
    path("groups/<int:pk>/moodle/", moodle_views.group_moodle, name="group_moodle"),
    path("groups/<int:pk>/moodle/attach/", moodle_views.group_moodle_attach, name="group_moodle_attach"),
    path("groups/<int:pk>/moodle/sync/", moodle_views.group_moodle_sync, name="group_moodle_sync"),
    path("groups/<int:pk>/moodle/open/", moodle_views.moodle_open, name="moodle_open"),
]
