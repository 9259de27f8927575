from django.urls import include, path

from reports import status_views, views

# "start" stays outside the namespace (LOGIN_REDIRECT_URL and every page link to it);
# the dashboards and status reports are "reports:<name>".
status_patterns = (
    [
        path("", status_views.dashboard, name="dashboard"),
        path("national/", status_views.national, name="national"),
        path("national/pdf/", status_views.national_pdf, name="national_pdf"),
        path("kommune/<slug:slug>/", status_views.municipality_dashboard, name="municipality"),
        path("kommune/<slug:slug>/pdf/", status_views.municipality_pdf, name="municipality_pdf"),
        path(
            "kommune/<slug:slug>/regneark/",
            status_views.municipality_xlsx,
            name="municipality_xlsx",
        ),
        path(
            "kommune/<slug:slug>/abonnement/",
            status_views.municipality_subscription,
            name="municipality_subscription",
        ),
        path("national/regneark/", status_views.national_xlsx, name="national_xlsx"),
        path("rapporter/<int:pk>/", status_views.job_detail, name="job_detail"),
        path("rapporter/<int:pk>/hent/", status_views.job_download, name="job_download"),
    ],
    "reports",
)

urlpatterns = [
    path("", views.start, name="start"),
    path("status/", include(status_patterns)),
]
