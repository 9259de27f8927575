"""Partnership contracts and nightlife agreements.

Objects are fetched only through ``get_visible_or_404`` (another
municipality's object answers 404) and writes pass ``require_change`` (403).
Institution staff read their own institution's contracts; nightlife agreements
are municipality-level and closed to them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.history import history_rows
from municipalities.access import (
    INSTITUTION_ROLES,
    can_change,
    can_create_in_municipality,
    get_visible_or_404,
    membership_of,
    require_change,
    require_create_in_municipality,
    role_of,
)
from municipalities.concurrency import EditConflict
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


def _require_agreement_reader(request: HttpRequest) -> None:
    # Nightlife agreements concern the whole municipality, not one institution.
    if role_of(request.user) in INSTITUTION_ROLES or membership_of(request.user) is None:
        raise PermissionDenied


def _show_conflict(form, conflict: EditConflict) -> None:
    """Keep the user's text, show the other's, and let a second save go through."""
    form.add_error(None, str(conflict.message))
    data = form.data.copy()
    data["version"] = conflict.current.version
    form.data = data


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
        "may_create": can_create_in_municipality(request.user),
        "may_see_agreements": role_of(request.user) not in INSTITUTION_ROLES,
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
            "may_create": can_create_in_municipality(request.user),
        },
    )


@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    require_create_in_municipality(request.user)
    form = ContractForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                institution=form.cleaned_data["institution"],
                values=form.values(),
                activities=form.cleaned_data["activities"],
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kontrakten er oprettet som kladde."))
            return redirect("partnerships:contract_detail", pk=contract.pk)
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
        "may_change": can_change(request.user, contract),
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
    require_change(request.user, contract)
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
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                activities=form.cleaned_data["activities"],
            )
        except EditConflict as exc:
            conflict = exc.current
            _show_conflict(form, exc)
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
    require_change(request.user, contract)
    form = ContractTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en gyldig status."))
        return redirect("partnerships:contract_detail", pk=contract.pk)
    try:
        contract = services.contract_transition(
            contract=contract,
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
    require_change(request.user, contract)
    form = SignatoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signatory_add(contract=contract, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Underskriveren er tilføjet."))
            return redirect("partnerships:contract_detail", pk=contract.pk)
    return render(request, "partnerships/signatory_form.html", {"form": form, "contract": contract})


@login_required
@require_POST
def signatory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    signatory = get_visible_or_404(
        Signatory.objects.select_related("contract"),
        request.user,
        pk=pk,
    )
    require_change(request.user, signatory.contract)
    try:
        services.signatory_remove(signatory=signatory)
    except ValidationError as error:
        _validation_messages(request, error)
    else:
        messages.success(request, _("Underskriveren er fjernet."))
    return redirect("partnerships:contract_detail", pk=signatory.contract_id)


@login_required
def obligation_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _contract_for(request, pk)
    require_change(request.user, contract)
    form = ObligationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.obligation_create(contract=contract, values=form.values())
        messages.success(request, _("Forpligtelsen er tilføjet."))
        return redirect("partnerships:contract_detail", pk=contract.pk)
    return render(
        request,
        "partnerships/obligation_form.html",
        {"form": form, "contract": contract, "obligation": None},
    )


def _obligation_for(request: HttpRequest, pk: int) -> Obligation:
    obligation = get_visible_or_404(Obligation.objects.with_contract(), request.user, pk=pk)
    require_change(request.user, obligation.contract)
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
                values=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc.current
            _show_conflict(form, exc)
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
            obligation=obligation, status=form.cleaned_data["status"]
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
    _require_agreement_reader(request)
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
            "may_create": can_create_in_municipality(request.user),
        },
    )


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    require_create_in_municipality(request.user)
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        municipality = (
            form.cleaned_data.get("municipality") or membership_of(request.user).municipality
        )
        agreement = services.agreement_create(municipality=municipality, values=form.values())
        messages.success(request, _("Aftalen er oprettet."))
        return redirect("partnerships:agreement_detail", pk=agreement.pk)
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
            "may_change": can_change(request.user, agreement),
            "history": history_rows(agreement),
        },
    )


@login_required
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement_for(request, pk)
    require_change(request.user, agreement)
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
                values=form.values(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as exc:
            conflict = exc.current
            _show_conflict(form, exc)
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
    require_change(request.user, agreement)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.member_add(agreement=agreement, **form.cleaned_data)
        messages.success(request, _("Medlemmet er tilføjet."))
        return redirect("partnerships:agreement_detail", pk=agreement.pk)
    return render(
        request, "partnerships/agreementmember_form.html", {"form": form, "agreement": agreement}
    )


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(
        AgreementMember.objects.select_related("agreement"), request.user, pk=pk
    )
    require_change(request.user, member.agreement)
    services.member_remove(member=member)
    messages.success(request, _("Medlemmet er fjernet."))
    return redirect("partnerships:agreement_detail", pk=member.agreement_id)
