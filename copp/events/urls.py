"""URLs of the events app: public list, calendar, event pages, priority competencies; sign-up; the cabinet."""
from django.urls import path

from copp.core.choices import choices_view

from . import manage_views, views
from .choices import EVENTS

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendar/", views.event_calendar, name="calendar"),
    path("calendar/feed/", views.event_feed, name="feed"),
    path("competencies/", views.priority_competencies, name="competencies"),
    path("my/", views.my_events, name="mine"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/event.ics", views.event_ics_view, name="ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("manage/", manage_views.manage, name="manage"),
    path("manage/new/", manage_views.event_create, name="create"),
    path("manage/choices/", choices_view(EVENTS), name="choices"),
    path("manage/<int:pk>/", manage_views.event_update, name="update"),
    path("manage/<int:pk>/status/", manage_views.event_transition_view, name="transition"),
    path("manage/<int:pk>/registrations/", manage_views.registrations, name="registrations"),
    path("manage/<int:pk>/registrations.xlsx", manage_views.export, name="export"),
    path("manage/registrations/<int:pk>/check-in/", manage_views.check_in, name="check_in"),
]
