from django.urls import path

from reports import policy_documents

app_name = "policy_documents"

urlpatterns = [
    path(
        "dokumenter/politikker/<int:pk>/",
        policy_documents.policy_html,
        name="html",
    ),
    path(
        "dokumenter/politikker/<int:pk>/rusmiddelpolitik.pdf",
        policy_documents.policy_pdf,
        name="pdf",
    ),
    path(
        "dokumenter/politikker/<int:pk>/naar-du-er-bekymret.pdf",
        policy_documents.concern_card_pdf,
        name="card",
    ),
]
