"""URLs of the admissions app: citizens' applications, organisations' applications, the inbox, campaigns."""
from django.urls import path

from . import views
from .views import paths as path_views

app_name = "admissions"
urlpatterns = [
    # A citizen (M10); the program page's «Подать заявку» links to `apply`.
    path("apply/<int:program_pk>/", views.apply, name="apply"),
    path("apply/done/<int:pk>/", views.apply_done, name="apply_done"),
    path("my/", views.mine, name="mine"),
    # A learner's own path from library modules (D4).
    path("my/path/", path_views.path_builder, name="path"),
    path("my/<int:pk>/", views.my_detail, name="my_detail"),
    path("my/<int:pk>/withdraw/", views.my_withdraw, name="my_withdraw"),
    path("my/<int:pk>/resubmit/", views.my_resubmit, name="my_resubmit"),
    path("my/documents/<int:pk>/", views.my_document, name="my_document"),
    # Organisations (M11, M12).
    path("org/", views.org_list, name="org_list"),
    path("org/<int:pk>/", views.org_detail, name="org_detail"),
    path("org/<int:pk>/withdraw/", views.org_withdraw, name="org_withdraw"),
    path("org/<int:pk>/resubmit/", views.org_resubmit, name="org_resubmit"),
    path("org/mass/", views.mass_apply, name="mass_apply"),
    path("org/template.xlsx", views.participants_template, name="participants_template"),
    path("org/new-program/", views.new_program_request, name="new_program"),
    path("org/campaigns/", views.org_campaigns, name="org_campaigns"),
    path("org/campaigns/<int:pk>/", views.org_campaign, name="org_campaign"),
    # Processing (M19).
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/export.xlsx", views.inbox_export, name="inbox_export"),
    path("inbox/bulk/", views.inbox_bulk, name="inbox_bulk"),
    path("inbox/<int:pk>/", views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:pk>/status/", views.inbox_status, name="inbox_status"),
    path("inbox/<int:pk>/assign/", views.inbox_assign, name="inbox_assign"),
    path("inbox/participants/<int:pk>/status/", views.participant_status, name="participant_status"),
    path("inbox/documents/<int:pk>/", views.inbox_document, name="inbox_document"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/new/", views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    # In-app notifications.
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
