"""The API routes of the resources app under /api/v1/ in the `api` namespace, as copp/api/urls.py includes
them; the tests use this URLconf so they do not depend on that wiring."""
from django.urls import include, path

urlpatterns = [
    path("api/", include(([path("v1/", include("copp.resources.api_urls"))], "api"))),
    path("resources/", include("copp.resources.urls")),
]
