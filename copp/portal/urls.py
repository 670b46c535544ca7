"""Portal URLs: public pages and the cabinet shell."""
from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy_policy, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("accessibility/settings/", views.accessibility_settings, name="a11y_settings"),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("cabinet/role/", views.role_switch, name="role_switch"),
]
