"""Documents of an adopted drug policy: a clean HTML page, the PDF, and the
one-page "Når du er bekymret" card (escalation ladder and contacts). They
always show a frozen PolicyVersion, never the draft being worked on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from core.pdf import pdf_attachment, render_pdf
from municipalities.access import get_visible_or_404
from policies.content import for_display
from policies.models import Policy, PolicyVersion


def _policy_and_version(request: HttpRequest, pk: int) -> tuple[Policy, PolicyVersion]:
    """The visible policy and the version asked for (?version=n), else the newest."""
    policy = get_visible_or_404(
        Policy.objects.select_related("institution", "municipality"), request.user, pk=pk
    )
    versions = policy.versions.select_related("adopted_by")
    number = request.GET.get("version", "")
    version = (
        versions.filter(number=int(number)).first()
        if number.isdigit()
        else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404
    return policy, version


def _context(policy: Policy, version: PolicyVersion) -> dict:
    return {
        "policy": policy,
        "version": version,
        "content": version.content,
        "sections": for_display(version.content),
        "printed_on": timezone.localdate(),
    }


def policy_pdf_bytes(policy: Policy, version: PolicyVersion) -> bytes:
    """The adopted version as a PDF (the caller fetched ``policy`` through the access helpers)."""
    return render_pdf("pdf/policy.html", _context(policy, version))


def concern_card_pdf_bytes(policy: Policy, version: PolicyVersion) -> bytes:
    """The one-page "Når du er bekymret" card: the escalation ladder and the contacts."""
    return render_pdf("pdf/policy_concern_card.html", _context(policy, version))


@login_required
def policy_html(request: HttpRequest, pk: int) -> HttpResponse:
    policy, version = _policy_and_version(request, pk)
    return render(request, "policies/policy_document.html", _context(policy, version))


@login_required
def policy_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    policy, version = _policy_and_version(request, pk)
    name = f"rusmiddelpolitik-{slugify(policy.institution.name)}-v{version.number}.pdf"
    return pdf_attachment(policy_pdf_bytes(policy, version), name)


@login_required
def concern_card_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    policy, version = _policy_and_version(request, pk)
    name = f"naar-du-er-bekymret-{slugify(policy.institution.name)}-v{version.number}.pdf"
    return pdf_attachment(concern_card_pdf_bytes(policy, version), name)
