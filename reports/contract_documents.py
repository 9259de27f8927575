"""The partnership contract as a PDF: the four elements, the obligations of
both parties and a signature line for every signatory (WeasyPrint)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML

from municipalities.access import get_visible_or_404
from partnerships.models import PartnershipContract, Party


def contract_pdf_bytes(contract: PartnershipContract, *, base_url: str | None = None) -> bytes:
    """Render ``contract`` (fetched by the caller through the access helpers)."""
    signatories = list(contract.signatories.all())
    html = render_to_string(
        "pdf/contract.html",
        {
            "contract": contract,
            "elements": contract.elements(),
            "obligations": list(contract.obligations.all()),
            "institution_signatories": [s for s in signatories if s.party == Party.INSTITUTION],
            "municipality_signatories": [s for s in signatories if s.party == Party.MUNICIPALITY],
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html, base_url=base_url).write_pdf()


@login_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(
        PartnershipContract.objects.select_related("municipality", "institution"),
        request.user,
        pk=pk,
    )
    pdf = contract_pdf_bytes(contract, base_url=request.build_absolute_uri("/"))
    filename = f"partnerskabskontrakt-{slugify(contract.institution.name)}-{contract.pk}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
