"""The partnership contract as a PDF: the four elements, the obligations of
both parties and a signature line for every signatory (WeasyPrint)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import pdf_attachment, render_pdf
from municipalities.access import get_visible_or_404
from partnerships.models import PartnershipContract, Party


def contract_pdf_bytes(contract: PartnershipContract) -> bytes:
    """Render ``contract`` (fetched by the caller through the access helpers)."""
    signatories = list(contract.signatories.all())
    return render_pdf(
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


@login_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_visible_or_404(
        PartnershipContract.objects.select_related("municipality", "institution"),
        request.user,
        pk=pk,
    )
    filename = f"partnerskabskontrakt-{slugify(contract.institution.name)}-{contract.pk}.pdf"
    return pdf_attachment(contract_pdf_bytes(contract), filename)
