"""The product's URLs plus a bare view: the yardstick a page's throughput is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

# The product's error pages.
from config.urls import handler403, handler404, handler500  # noqa: F401


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
