from django.urls import include, path

from reports import views

urlpatterns = [
    path("", views.start, name="start"),
    path("", include("reports.urls_contracts")),
    path("", include("reports.urls_policies")),
]
