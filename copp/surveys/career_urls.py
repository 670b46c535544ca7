"""URLs of the public «Профориентация» section (under /career/): the tests, taking one, the result (M9)."""
from django.urls import path

from . import views

app_name = "career"
urlpatterns = [
    path("", views.career_home, name="home"),
    path("tests/<slug:slug>/", views.career_test, name="test"),
    path("results/<uuid:key>/", views.career_result, name="result"),
]
