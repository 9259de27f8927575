"""The product's URLs plus a bare view: the yardstick a page's throughput is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("config.urls")),
]

handler403 = "municipalities.errors.permission_denied"
handler404 = "municipalities.errors.page_not_found"
handler500 = "municipalities.errors.server_error"
