from django.urls import path

from reports import contract_documents

app_name = "contract_documents"

urlpatterns = [
    path(
        "partnerskaber/kontrakter/<int:pk>/kontrakt.pdf",
        contract_documents.contract_pdf,
        name="contract_pdf",
    ),
]
