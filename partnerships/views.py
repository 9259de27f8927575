"""Partnership contracts and nightlife agreements.

Objects are fetched only through ``get_visible_or_404`` (another
municipality's object answers 404) and writes need the capability (``access.require``, 403).
Institution staff read their own institution's contracts; nightlife agreements
are municipality-level and closed to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import EditConflict, edit_conflict
from core.history import history_rows
from core.idempotency import created_once
from municipalities import access
from municipalities.access import get_visible_or_404, membership_of
from partnerships import services
from partnerships.filters import AgreementFilter, ContractFilter
from partnerships.forms import (
    AgreementForm,
    ContractForm,
    ContractTransitionForm,
    MemberForm,
    ObligationForm,
    ObligationStatusForm,
    SignatoryForm,
)
from partnerships.models import (
    AgreementMember,
    NightlifeAgreement,
    Obligation,
    PartnershipContract,
    Signatory,
)
from partnerships.policy_link import latest_policy_status

PAGE_SIZE = 50
DUE_SOON_DAYS = 30


def _contract_for(request: HttpRequest, pk: int) -> PartnershipContract:
    return get_visible_or_404(
        PartnershipContract.objects.select_related("municipality", "institution"),
        request.user,
        pk=pk,
    )


def _agreement_for(request: HttpRequest, pk: int) -> NightlifeAgreement:
    return get_visible_or_404(
        NightlifeAgreement.objects.select_related("municipality", "training_programme"),
        request.user,
        pk=pk,
    )


def _validation_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """What needs following up: overdue obligations and those due soon."""
    obligations = Obligation.objects.visible_to(request.user).with_contract()
    context = {
        "overdue": list(obligations.overdue()[:100]),
        "due_soon": list(obligations.due_soon(DUE_SOON_DAYS)[:100]),
        "due_soon_days": DUE_SOON_DAYS,
        "may_create": access.can(request.user, access.CONTRACT_WRITE),
        "may_see_agreements": access.can(request.user, access.AGREEMENT_READ),
    }
    return render(request, "partnerships/overview.html", context)


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    contracts = PartnershipContract.objects.visible_to(request.user).for_list()
    filterset = ContractFilter(request.GET or None, queryset=contracts, user=request.user)
    page = Paginator(filterset.qs.order_by("institution__name", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "partnerships/contract_list.html",
        {
            "filter": filterset,
            "page": page,
            "may_create": access.can(request.user, access.CONTRACT_WRITE),
        },
    )


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.CONTRACT_WRITE)
    form = ContractForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            contract = services.contract_create(
                user=request.user,
                institution=form.cleaned_data["institution"],
                activities=form.cleaned_data["activities"],
                **form.values(),
            )
            return reverse("partnerships:contract_detail", args=[contract.pk])

        try:
            return created_once(request, create, success=_("Kontrakten er oprettet som kladde."))
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "partnerships/contract_form.html", {"form": form, "contract": None})


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    # Loaded once: the page lists them and signing_problems asks for signatories.
    prefetch_related_objects([contract], "obligations", "signatories")
    context = {
        "contract": contract,
        "obligations": list(contract.obligations.all()),
        "signatories": list(contract.signatories.all()),
        "activities": list(contract.activities.select_related("arena")),
        "policy": latest_policy_status(contract.institution),
        "may_change": access.can(request.user, access.CONTRACT_WRITE, contract),
        "targets": [
            (value, PartnershipContract.Status(value).label)
            for value in services.allowed_targets(contract)
        ],
        "signing_problems": services.signing_problems(contract) if contract.is_draft else [],
        "history": history_rows(contract),
    }
    return render(request, "partnerships/contract_detail.html", context)


@login_required
def contract_update(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    access.require(request.user, access.CONTRACT_WRITE, contract)
    form = ContractForm(
        request.POST or None,
        instance=contract,
        user=request.user,
        initial={"version": contract.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(
                contract=contract,
                user=request.user,
                data=form.values(),
                expected_version=form.cleaned_data["version"],
                activities=form.cleaned_data["activities"],
            )
        except EditConflict as exc:
            saved = exc.current and ContractForm(instance=exc.current, user=request.user)
            conflict = edit_conflict(exc, [(form, saved)])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kontrakten er gemt."))
            return redirect("partnerships:contract_detail", pk=contract.pk)
    return render(
        request,
        "partnerships/contract_form.html",
        {"form": form, "contract": contract, "conflict": conflict},
    )


@login_required
@require_POST
def contract_transition(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    access.require(request.user, access.CONTRACT_WRITE, contract)
    form = ContractTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en gyldig status."))
        return redirect("partnerships:contract_detail", pk=contract.pk)
    try:
        contract = services.contract_transition(
            contract=contract,
            user=request.user,
            target=form.cleaned_data["target"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _validation_messages(request, error)
    else:
        messages.success(
            request,
            _("Kontraktens status er nu „%(status)s“.") % {"status": contract.get_status_display()},
        )
    return redirect("partnerships:contract_detail", pk=contract.pk)


@login_required
def signatory_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    access.require(request.user, access.CONTRACT_WRITE, contract)
    form = SignatoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            services.signatory_add(contract=contract, user=request.user, **form.cleaned_data)
            return reverse("partnerships:contract_detail", args=[contract.pk])

        try:
            return created_once(request, create, success=_("Underskriveren er tilføjet."))
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "partnerships/signatory_form.html", {"form": form, "contract": contract})


@login_required
@require_POST
def signatory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    signatory = get_visible_or_404(
        Signatory.objects.select_related("contract"),
        request.user,
        pk=pk,
    )
    access.require(request.user, access.CONTRACT_WRITE, signatory.contract)
    try:
        services.signatory_remove(signatory=signatory, user=request.user)
    except ValidationError as error:
        _validation_messages(request, error)
    else:
        messages.success(request, _("Underskriveren er fjernet."))
    return redirect("partnerships:contract_detail", pk=signatory.contract_id)


@login_required
def obligation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    access.require(request.user, access.CONTRACT_WRITE, contract)
    form = ObligationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            services.obligation_create(contract=contract, user=request.user, **form.values())
            return reverse("partnerships:contract_detail", args=[contract.pk])

        return created_once(request, create, success=_("Forpligtelsen er tilføjet."))
    return render(
        request,
        "partnerships/obligation_form.html",
        {"form": form, "contract": contract, "obligation": None},
    )


def _obligation_for(request: HttpRequest, pk: int) -> Obligation:
    obligation = get_visible_or_404(Obligation.objects.with_contract(), request.user, pk=pk)
    access.require(request.user, access.CONTRACT_WRITE, obligation.contract)
    return obligation


@login_required
def obligation_update(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation_for(request, pk)
    form = ObligationForm(
        request.POST or None, instance=obligation, initial={"version": obligation.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.obligation_update(
                obligation=obligation,
                user=request.user,
                data=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            saved = exc.current and ObligationForm(instance=exc.current)
            conflict = edit_conflict(exc, [(form, saved)])
        else:
            messages.success(request, _("Forpligtelsen er gemt."))
            return redirect("partnerships:contract_detail", pk=obligation.contract_id)
    return render(
        request,
        "partnerships/obligation_form.html",
        {
            "form": form,
            "contract": obligation.contract,
            "obligation": obligation,
            "conflict": conflict,
            "history": history_rows(obligation),
        },
    )


@login_required
@require_POST
def obligation_status(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = _obligation_for(request, pk)
    form = ObligationStatusForm(request.POST)
    if form.is_valid():
        obligation = services.obligation_set_status(
            obligation=obligation, user=request.user, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("Forpligtelsen er markeret „%(status)s“.")
            % {"status": obligation.get_status_display()},
        )
    else:
        messages.error(request, _("Vælg en gyldig status."))
    next_url = request.POST.get("next")
    if next_url == "overview":
        return redirect("partnerships:overview")
    return redirect("partnerships:contract_detail", pk=obligation.contract_id)


@login_required
def agreement_list(request: HttpRequest) -> HttpResponse:
    # Nightlife agreements concern the whole municipality, not one institution.
    access.require(request.user, access.AGREEMENT_READ)
    agreements = NightlifeAgreement.objects.visible_to(request.user).for_list()
    filterset = AgreementFilter(request.GET or None, queryset=agreements)
    page = Paginator(filterset.qs.order_by("municipality__name", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "partnerships/nightlifeagreement_list.html",
        {
            "filter": filterset,
            "page": page,
            "may_create": access.can(request.user, access.AGREEMENT_WRITE),
        },
    )


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.AGREEMENT_WRITE)
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        municipality = (
            form.cleaned_data.get("municipality") or membership_of(request.user).municipality
        )

        def create() -> str:
            agreement = services.agreement_create(
                municipality=municipality, user=request.user, **form.values()
            )
            return reverse("partnerships:agreement_detail", args=[agreement.pk])

        return created_once(request, create, success=_("Aftalen er oprettet."))
    return render(
        request, "partnerships/nightlifeagreement_form.html", {"form": form, "agreement": None}
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_visible_or_404(
        NightlifeAgreement.objects.select_related(
            "municipality", "training_programme"
        ).prefetch_related(Prefetch("members", queryset=AgreementMember.objects.all())),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "partnerships/nightlifeagreement_detail.html",
        {
            "agreement": agreement,
            "may_change": access.can(request.user, access.AGREEMENT_WRITE, agreement),
            "history": history_rows(agreement),
        },
    )


@login_required
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request, pk)
    access.require(request.user, access.AGREEMENT_WRITE, agreement)
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        user=request.user,
        initial={"version": agreement.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(
                agreement=agreement,
                user=request.user,
                data=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            saved = exc.current and AgreementForm(instance=exc.current, user=request.user)
            conflict = edit_conflict(exc, [(form, saved)])
        else:
            messages.success(request, _("Aftalen er gemt."))
            return redirect("partnerships:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "partnerships/nightlifeagreement_form.html",
        {"form": form, "agreement": agreement, "conflict": conflict},
    )


@login_required
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request, pk)
    access.require(request.user, access.AGREEMENT_WRITE, agreement)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            services.member_add(agreement=agreement, user=request.user, **form.cleaned_data)
            return reverse("partnerships:agreement_detail", args=[agreement.pk])

        return created_once(request, create, success=_("Medlemmet er tilføjet."))
    return render(
        request, "partnerships/agreementmember_form.html", {"form": form, "agreement": agreement}
    )


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(
        AgreementMember.objects.select_related("agreement"), request.user, pk=pk
    )
    access.require(request.user, access.AGREEMENT_WRITE, member.agreement)
    services.member_remove(member=member, user=request.user)
    messages.success(request, _("Medlemmet er fjernet."))
    return redirect("partnerships:agreement_detail", pk=member.agreement_id)
