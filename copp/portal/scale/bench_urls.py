"""The benchmark's URLconf: the platform's routes plus a trivial view, the floor every page is compared with."""
from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """The cheapest signed-in request: the middleware and a session lookup, no page of ours."""
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
