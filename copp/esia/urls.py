"""URLs of the ESIA provider; django-allauth includes them under accounts/ (names without a namespace,
as allauth names its providers' routes)."""
from django.urls import path

from . import views

urlpatterns = [
    path("esia/", views.account, name="esia_account"),
    path("esia/login/", views.login, name="esia_login"),
    path("esia/login/callback/", views.callback, name="esia_callback"),
    path("esia/signup/", views.signup, name="esia_signup"),
    path("esia/link/", views.link, name="esia_link"),
]
