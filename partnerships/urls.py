from django.urls import path

from partnerships import documents, views

app_name = "partnerships"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("kontrakter/", views.contract_list, name="contract_list"),
    path("kontrakter/ny/", views.contract_create, name="contract_create"),
    path("kontrakter/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("kontrakter/<int:pk>/rediger/", views.contract_update, name="contract_update"),
    path("kontrakter/<int:pk>/status/", views.contract_transition, name="contract_transition"),
    path(
        "kontrakter/<int:pk>/underskrivere/ny/",
        views.signatory_create,
        name="signatory_create",
    ),
    path("underskrivere/<int:pk>/fjern/", views.signatory_delete, name="signatory_delete"),
    path(
        "kontrakter/<int:pk>/forpligtelser/ny/",
        views.obligation_create,
        name="obligation_create",
    ),
    path("forpligtelser/<int:pk>/rediger/", views.obligation_update, name="obligation_update"),
    path("forpligtelser/<int:pk>/status/", views.obligation_status, name="obligation_status"),
    path("nattelivsaftaler/", views.agreement_list, name="agreement_list"),
    path("nattelivsaftaler/ny/", views.agreement_create, name="agreement_create"),
    path("nattelivsaftaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("nattelivsaftaler/<int:pk>/rediger/", views.agreement_update, name="agreement_update"),
    path("nattelivsaftaler/<int:pk>/medlemmer/ny/", views.member_create, name="member_create"),
    path("medlemmer/<int:pk>/fjern/", views.member_delete, name="member_delete"),
]

# The contract as a PDF, mounted under partnerskaber/ in its own namespace.
document_patterns = (
    [
        path(
            "kontrakter/<int:pk>/kontrakt.pdf",
            documents.contract_pdf,
            name="contract_pdf",
        ),
    ],
    "contract_documents",
)
