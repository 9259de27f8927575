"""Views of the drug-policy app: list, guided form, review, adoption, versions,
public links, the living policy and templates. Short: fetch through access
helpers, bind a form, call a service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.concurrency import EditConflict, edit_conflict
from core.history import history_rows
from core.idempotency import created_once
from municipalities import access
from municipalities.access import get_visible_or_404, membership_of
from policies import content, services
from policies.content import (
    EIGHT_QUESTIONS,
    REVIEW,
    SECTION_KEYS,
    SECTIONS,
    SECTIONS_BY_KEY,
    for_display,
    next_section,
    previous_section,
    section_index,
)
from policies.forms import (
    LivingPolicyEventForm,
    PolicyCreateForm,
    PolicyTemplateForm,
    step_form,
    template_forms,
)
from policies.models import LivingPolicyEvent, Policy, PolicyTemplate, PublicLink

# The largest municipality has ~560 policies; a page of 50 keeps the list quick to render
# and to read.
PAGE_SIZE = 50


def _policy(request: HttpRequest, pk: int) -> Policy:
    return get_visible_or_404(
        Policy.objects.select_related("institution", "municipality", "responsible", "template"),
        request.user,
        pk=pk,
    )


def _version(request: HttpRequest, policy: Policy) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = (
        Policy.objects.visible_to(request.user)
        .for_list()
        .annotate(version_count=Count("versions", distinct=True))
        .order_by("institution__name", "-created_at", "pk")
    )
    page = Paginator(policies, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "policies/policy_list.html",
        {
            "page": page,
            "policies": page.object_list,
            "may_create": services.institutions_for_new_policy(request.user).exists(),
        },
    )


@login_required
def policy_create(request: HttpRequest) -> HttpResponse:
    institutions = services.institutions_for_new_policy(request.user)
    if not institutions.exists():
        raise PermissionDenied
    form = PolicyCreateForm(request.POST or None, institutions=institutions)
    membership = membership_of(request.user)
    if membership and membership.institution_id:
        form.fields["institution"].initial = membership.institution_id
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            policy = services.policy_create_from_template(
                institution=form.cleaned_data["institution"], user=request.user
            )
            return reverse("policies:step", args=[policy.pk, policy.current_step])

        return created_once(
            request,
            create,
            success=_("Kladden er oprettet ud fra skabelonen. Den gemmes ved hvert trin."),
        )
    return render(request, "policies/policy_create.html", {"form": form})


@login_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    versions = list(policy.versions.select_related("adopted_by"))
    events = list(policy.events.all())
    questions = [
        {
            "number": number,
            "question": question,
            "answer": policy.content.get("communication", {}).get(f"q{number}", ""),
            "events": [event for event in events if event.question == number],
        }
        for number, question in enumerate(EIGHT_QUESTIONS, start=1)
    ]
    may_edit = access.can(request.user, access.POLICY_EDIT, policy)
    return render(
        request,
        "policies/policy_detail.html",
        {
            "policy": policy,
            "versions": versions,
            "links": list(policy.public_links.all()),
            "questions": questions,
            "may_edit": may_edit,
            "may_adopt": access.can(request.user, access.POLICY_ADOPT, policy),
            "resume_step": policy.current_step if policy.current_step in SECTION_KEYS else REVIEW,
            "history": history_rows(policy),
        },
    )


@login_required
def policy_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    policy = _policy(request, pk)
    access.require(request.user, access.POLICY_EDIT, policy)
    if step not in SECTIONS_BY_KEY:
        raise Http404
    if not policy.is_editable:
        messages.info(request, _("Politikken er vedtaget. Start en revision for at ændre den."))
        return redirect("policies:detail", pk=policy.pk)
    returning = request.GET.get("retur") == REVIEW or request.POST.get("retur") == REVIEW
    conflict = None
    if request.method == "POST":
        form = step_form(step, policy, request.POST)
        if form.is_valid():
            action = request.POST.get("action", "next")
            if returning and action == "next":
                target = REVIEW
            elif action == "back":
                target = previous_section(step) or step
            elif action == "save":
                target = step
            else:
                target = next_section(step)
            try:
                services.policy_save_step(
                    policy=policy,
                    step=step,
                    values=form.to_section(),
                    people=form.people(),
                    expected_version=form.cleaned_data.get("version"),
                    user=request.user,
                    advance_to=target,
                )
            except EditConflict as exc:
                # This person's text stays in the form; the next save is against the new version.
                current = exc.current or policy
                form = step_form(step, current, request.POST)
                form.is_valid()
                conflict = edit_conflict(exc, [(form, step_form(step, current))])
            else:
                if action == "save":
                    messages.success(request, _("Trinet er gemt."))
                if target == REVIEW:
                    return redirect("policies:review", pk=policy.pk)
                return redirect("policies:step", pk=policy.pk, step=target)
    else:
        form = step_form(step, policy)
    section = SECTIONS_BY_KEY[step]
    return render(
        request,
        "policies/step.html",
        {
            "policy": policy,
            "form": form,
            "step": section,
            "steps": SECTIONS,
            "step_number": section_index(step) + 1,
            "step_count": len(SECTIONS),
            "done_keys": set(SECTION_KEYS[: section_index(policy.current_step)])
            if policy.current_step in SECTION_KEYS
            else set(SECTION_KEYS),
            "previous": previous_section(step),
            "returning": returning,
            "conflict": conflict,
        },
    )


@login_required
def policy_review(request: HttpRequest, pk: int) -> HttpResponse:
    """'Check your answers': every section with a change link back to its step."""
    policy = _policy(request, pk)
    access.require(request.user, access.POLICY_EDIT, policy)
    missing = set(services.policy_missing_steps(policy))
    sections = for_display(policy.snapshot())
    if policy.template is not None:
        # Before adoption, show which text is still the template's example or quotation.
        content.mark_template_text(sections, policy.template.content, policy.template.sources)
    for section in sections:
        section["missing"] = section["key"] in missing
    return render(
        request,
        "policies/policy_review.html",
        {
            "policy": policy,
            "sections": sections,
            "missing": missing,
            "may_adopt": access.can(request.user, access.POLICY_ADOPT, policy),
        },
    )


def _transition(request: HttpRequest, pk: int, action) -> HttpResponse:
    policy = _policy(request, pk)
    access.require(request.user, access.POLICY_EDIT, policy)
    try:
        return action(policy)
    except EditConflict as exc:
        messages.error(request, str(exc.message))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("policies:review" if policy.is_editable else "policies:detail", pk=policy.pk)


@login_required
@require_POST
def policy_send_to_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    def send(policy: Policy) -> HttpResponse:
        services.policy_send_to_consultation(
            policy=policy, user=request.user, expected_version=_version(request, policy)
        )
        messages.success(request, _("Politikken er sendt i høring."))
        return redirect("policies:detail", pk=policy.pk)

    return _transition(request, pk, send)


@login_required
@require_POST
def policy_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    def adopt(policy: Policy) -> HttpResponse:
        # policy_adopt checks that the user may adopt (403 otherwise).
        version = services.policy_adopt(
            policy=policy, user=request.user, expected_version=_version(request, policy)
        )
        messages.success(
            request,
            _("Politikken er vedtaget som version %(number)s. Næste revision: %(date)s.")
            % {"number": version.number, "date": version.review_due_date.strftime("%d-%m-%Y")},
        )
        return redirect("policies:detail", pk=policy.pk)

    return _transition(request, pk, adopt)


@login_required
@require_POST
def policy_revise(request: HttpRequest, pk: int) -> HttpResponse:
    def revise(policy: Policy) -> HttpResponse:
        services.policy_revise(
            policy=policy, user=request.user, expected_version=_version(request, policy)
        )
        messages.success(
            request, _("Revisionen er startet. Den vedtagne version gælder, til den nye vedtages.")
        )
        return redirect("policies:step", pk=policy.pk, step=policy.current_step)

    return _transition(request, pk, revise)


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    policy = _policy(request, pk)
    version = policy.versions.select_related("adopted_by").filter(number=number).first()
    if version is None:
        raise Http404
    return render(
        request,
        "policies/policyversion_detail.html",
        {
            "policy": policy,
            "version": version,
            "content": version.content,
            "sections": for_display(version.content),
        },
    )


@login_required
def version_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two adopted versions side by side, section by section."""
    policy = _policy(request, pk)
    versions = {version.number: version for version in policy.versions.all()}
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else 0))
        b = int(request.GET.get("b", numbers[-1] if numbers else 0))
    except ValueError as exc:
        raise Http404 from exc
    old, new = versions.get(a), versions.get(b)
    sections = content.diff(old.content, new.content) if old and new else []
    return render(
        request,
        "policies/policyversion_compare.html",
        {
            "policy": policy,
            "numbers": numbers,
            "a": a,
            "b": b,
            "old": old,
            "new": new,
            "sections": sections,
        },
    )


@login_required
@require_POST
def public_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    # Publishing to parents is the adopter's decision, not the editor's.
    access.require(request.user, access.POLICY_ADOPT, policy)
    url = reverse("policies:detail", kwargs={"pk": policy.pk}) + "#offentlige-links"

    def create() -> str:
        services.public_link_create(policy=policy, user=request.user)
        return url

    try:
        return created_once(
            request,
            create,
            success=_("Der er oprettet et offentligt link til den vedtagne politik."),
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(url)


@login_required
@require_POST
def public_link_revoke(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    # Publishing to parents is the adopter's decision, not the editor's.
    access.require(request.user, access.POLICY_ADOPT, policy)
    link = policy.public_links.filter(pk=link_pk).first()
    if link is None:
        raise Http404
    services.public_link_revoke(link=link, user=request.user)
    messages.success(request, _("Linket er tilbagekaldt og virker ikke længere."))
    return redirect(reverse("policies:detail", kwargs={"pk": policy.pk}) + "#offentlige-links")


def public(request: HttpRequest, token: str) -> HttpResponse:
    """The adopted policy for anyone holding the link; 404 once revoked."""
    link = (
        PublicLink.objects.active()
        .select_related("policy__institution")
        .filter(token=token)
        .first()
    )
    if link is None:
        raise Http404
    version = link.policy.versions.order_by("-number").first()
    if version is None:
        raise Http404
    response = render(
        request,
        "policies/policy_public.html",
        {
            "policy": link.policy,
            "version": version,
            "content": version.content,
            "sections": for_display(version.content),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
def event_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _policy(request, pk)
    access.require(request.user, access.POLICY_EDIT, policy)
    form = LivingPolicyEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            services.living_event_create(policy=policy, user=request.user, **form.cleaned_data)
            return reverse("policies:detail", kwargs={"pk": policy.pk}) + "#levende-politik"

        return created_once(request, create, success=_("Hændelsen er registreret."))
    return render(
        request,
        "policies/livingpolicyevent_form.html",
        {
            "policy": policy,
            "form": form,
            "questions": list(enumerate(EIGHT_QUESTIONS, start=1)),
            "question_by_kind": dict(LivingPolicyEvent.QUESTION_BY_KIND),
        },
    )


# --- Templates ------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = PolicyTemplate.objects.visible_to(request.user).select_related("municipality")
    return render(
        request,
        "policies/policytemplate_list.html",
        {
            "templates": templates,
            "may_adapt": access.can(request.user, access.TEMPLATE_ADAPT),
        },
    )


@login_required
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_visible_or_404(
        PolicyTemplate.objects.select_related("municipality", "based_on"), request.user, pk=pk
    )
    return render(
        request,
        "policies/policytemplate_detail.html",
        {
            "template": template,
            "sections": for_display(template.content, sources=template.sources),
            "introduction_provenance": content.provenance("introduction", template.sources),
            "may_adapt": template.is_national and access.can(request.user, access.TEMPLATE_ADAPT),
            "may_edit": not template.is_national
            and access.can(request.user, access.TEMPLATE_EDIT, template),
            "history": history_rows(template),
        },
    )


@login_required
@require_POST
def template_adapt(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator copies a national template into the municipality, to edit it."""
    template = get_visible_or_404(PolicyTemplate.objects.all(), request.user, pk=pk)
    access.require(request.user, access.TEMPLATE_ADAPT)
    if not template.is_national:
        raise PermissionDenied
    adaptation = services.policy_template_adapt(
        template=template, municipality=membership_of(request.user).municipality, user=request.user
    )
    messages.success(request, _("Skabelonen er kopieret til kommunen. Tilpas den nedenfor."))
    return redirect("policies:template_edit", pk=adaptation.pk)


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a municipal template: its header and every section, with the step forms."""
    template = get_visible_or_404(
        PolicyTemplate.objects.select_related("municipality"), request.user, pk=pk
    )
    access.require(request.user, access.TEMPLATE_EDIT, template)
    if template.is_national:
        raise PermissionDenied
    data = request.POST or None
    header = PolicyTemplateForm(data, instance=template, initial={"version": template.version})
    section_forms = template_forms(template, data)
    conflict = None
    if request.method == "POST":
        # Validate every form (not short-circuiting), so all errors show at once.
        results = [header.is_valid()] + [form.is_valid() for form in section_forms]
        if all(results):
            try:
                services.policy_template_save(
                    template=template,
                    user=request.user,
                    name=header.cleaned_data["name"],
                    introduction=header.cleaned_data["introduction"],
                    content={form.section.key: form.to_section() for form in section_forms},
                    expected_version=header.cleaned_data.get("version"),
                )
            except EditConflict as exc:
                current = exc.current
                saved_header = PolicyTemplateForm(
                    instance=current, initial={"version": current.version}
                )
                typed = [header, *section_forms]
                saved = [saved_header, *template_forms(current)]
                conflict = edit_conflict(exc, list(zip(typed, saved, strict=True)))
            else:
                messages.success(request, _("Skabelonen er gemt."))
                return redirect("policies:template_detail", pk=template.pk)
    return render(
        request,
        "policies/policytemplate_form.html",
        {
            "template": template,
            "header": header,
            "section_forms": section_forms,
            "conflict": conflict,
        },
    )
