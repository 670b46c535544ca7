"""Cabinet URLs of the accounts app."""
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.my_data_download, name="my_data_download"),
    path("my-data/withdraw/", views.consent_withdraw_page, name="consent_withdraw"),
    path("invitation/<str:uidb36>/<str:key>/", views.invitation, name="invitation"),
]
