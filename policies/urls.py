from django.urls import path

from policies import documents, views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="list"),
    path("ny/", views.policy_create, name="create"),
    path("<int:pk>/", views.policy_detail, name="detail"),
    path("<int:pk>/trin/<slug:step>/", views.policy_step, name="step"),
    path("<int:pk>/gennemse/", views.policy_review, name="review"),
    path("<int:pk>/hoering/", views.policy_send_to_consultation, name="send_to_consultation"),
    path("<int:pk>/vedtag/", views.policy_adopt, name="adopt"),
    path("<int:pk>/revider/", views.policy_revise, name="revise"),
    path("<int:pk>/versioner/<int:number>/", views.version_detail, name="version_detail"),
    path("<int:pk>/sammenlign/", views.version_compare, name="version_compare"),
    path("<int:pk>/links/", views.public_link_create, name="public_link_create"),
    path(
        "<int:pk>/links/<int:link_pk>/tilbagekald/",
        views.public_link_revoke,
        name="public_link_revoke",
    ),
    path("<int:pk>/levende/ny/", views.event_create, name="event_create"),
    path("offentlig/<str:token>/", views.public, name="public"),
    path("skabeloner/", views.template_list, name="template_list"),
    path("skabeloner/<int:pk>/", views.template_detail, name="template_detail"),
    path("skabeloner/<int:pk>/tilpas/", views.template_adapt, name="template_adapt"),
    path("skabeloner/<int:pk>/rediger/", views.template_edit, name="template_edit"),
]

# The adopted policy's documents, mounted at the site root (dokumenter/politikker/…).
document_patterns = (
    [
        path("dokumenter/politikker/<int:pk>/", documents.policy_html, name="html"),
        path(
            "dokumenter/politikker/<int:pk>/rusmiddelpolitik.pdf",
            documents.policy_pdf,
            name="pdf",
        ),
        path(
            "dokumenter/politikker/<int:pk>/naar-du-er-bekymret.pdf",
            documents.concern_card_pdf,
            name="card",
        ),
    ],
    "policy_documents",
)
