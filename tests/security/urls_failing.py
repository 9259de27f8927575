"""The project's URLs plus one view that fails, for the error-reporting tests."""

from django.urls import path

from config.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def failing_view(request):
    raise RuntimeError("Noget gik galt for elev 010190-1234")


urlpatterns = [path("fejl/", failing_view), *urlpatterns]
