"""Workflows of a drug policy: create from a template, save a step, send to
consultation, adopt (freezing a version), revise, publish and revoke a link."""

from __future__ import annotations

import copy
import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import save_versioned
from municipalities import access
from municipalities.models import Institution, Municipality
from policies import content as policy_content
from policies.content import REVIEW, SECTION_KEYS, SECTIONS_BY_KEY, next_section
from policies.models import (
    TEMPLATE_KIND_BY_INSTITUTION_KIND,
    LivingPolicyEvent,
    Policy,
    PolicyTemplate,
    PolicyVersion,
    PublicLink,
)


def institutions_for_new_policy(user):
    """The institutions ``user`` may start a policy for."""
    if not access.can(user, access.POLICY_CREATE):
        return Institution.objects.none()
    return Institution.objects.visible_to(user).select_related("municipality")


def template_for(institution: Institution) -> PolicyTemplate | None:
    """The nearest template: the municipality's own for the kind, else the national one."""
    kind = TEMPLATE_KIND_BY_INSTITUTION_KIND[institution.kind]
    return PolicyTemplate.objects.nearest(kind=kind, municipality=institution.municipality)


@transaction.atomic
def policy_create_from_template(
    *, institution: Institution, user, template: PolicyTemplate | None = None
) -> Policy:
    """Start a draft for ``institution``, pre-filled from the nearest template."""
    template = template or template_for(institution)
    policy = Policy(
        municipality=institution.municipality,
        institution=institution,
        title=_("Rusmiddelpolitik for %(institution)s") % {"institution": institution.name},
        template=template,
        created_by=user,
        updated_by=user,
        current_step=SECTION_KEYS[0],
        content=copy.deepcopy(template.content) if template else {},
    )
    access.require(user, access.POLICY_CREATE, policy)
    if access.can(user, access.POLICY_RESPONSIBLE, policy):
        policy.responsible = user
    policy.save()
    return policy


@transaction.atomic
def policy_save_step(
    *,
    policy: Policy,
    step: str,
    values: dict,
    expected_version: int | None,
    user,
    people: dict | None = None,
    advance_to: str | None = None,
) -> Policy:
    """Save one step of the guided form; refuse (EditConflict) if someone saved in between.

    ``values`` is the section's data; ``people`` the persons the step names (the
    evaluation's responsible person), which the Policy holds as relations.
    ``advance_to`` is the step to resume at next time (default: the following step).
    """
    access.require(user, access.POLICY_EDIT, policy)
    if not policy.is_editable:
        raise ValidationError(_("Politikken er vedtaget. Start en revision for at ændre den."))
    if step not in SECTIONS_BY_KEY:
        raise ValidationError(_("Ukendt trin."))
    policy.content = {**policy.content, step: values}
    for name, person in (people or {}).items():
        setattr(policy, name, person)
    policy.current_step = advance_to or next_section(step)
    policy.updated_by = user
    return save_versioned(policy, expected_version=expected_version)


def policy_missing_steps(policy: Policy) -> list[str]:
    """Sections whose saved content does not pass the section's rules."""
    return policy_content.missing_sections(
        policy.content, people={"responsible": policy.responsible_id is not None}
    )


def _require_complete(policy: Policy) -> None:
    missing = policy_missing_steps(policy)
    if missing:
        names = ", ".join(str(SECTIONS_BY_KEY[key].title) for key in missing)
        raise ValidationError(
            _("Politikken mangler oplysninger i disse trin: %(steps)s.") % {"steps": names}
        )


@transaction.atomic
def policy_send_to_consultation(*, policy: Policy, user, expected_version: int | None) -> Policy:
    """Draft → consultation (høring). The policy must be complete."""
    access.require(user, access.POLICY_EDIT, policy)
    if policy.status != Policy.Status.DRAFT:
        raise ValidationError(_("Kun en kladde kan sendes i høring."))
    _require_complete(policy)
    policy.status = Policy.Status.CONSULTATION
    policy.current_step = REVIEW
    policy.updated_by = user
    return save_versioned(policy, expected_version=expected_version)


@transaction.atomic
def policy_adopt(
    *,
    policy: Policy,
    user,
    expected_version: int | None,
    adopted_at: datetime | None = None,
) -> PolicyVersion:
    """Adopt the policy: freeze a numbered PolicyVersion and set the next review date."""
    access.require(user, access.POLICY_ADOPT, policy)
    if not policy.is_editable:
        raise ValidationError(_("Kun en kladde eller en politik i høring kan vedtages."))
    _require_complete(policy)
    policy.status = Policy.Status.ADOPTED
    policy.adopted_at = adopted_at = adopted_at or timezone.now()
    policy.adopted_by = user
    policy.review_due_date = review_due = policy.next_review_date
    policy.review_cycle += 1
    policy.current_step = REVIEW
    policy.updated_by = user
    save_versioned(policy, expected_version=expected_version)
    number = (policy.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PolicyVersion.objects.create(
        policy=policy,
        number=number,
        title=policy.title,
        institution_name=policy.institution.name,
        content=policy.snapshot(),
        adopted_at=adopted_at,
        adopted_by=user,
        review_due_date=review_due,
    )


@transaction.atomic
def policy_revise(*, policy: Policy, user, expected_version: int | None) -> Policy:
    """Start a new draft from the adopted policy; the adopted version stays in force."""
    access.require(user, access.POLICY_EDIT, policy)
    if policy.status != Policy.Status.ADOPTED:
        raise ValidationError(_("Kun en vedtaget politik kan revideres."))
    policy.status = Policy.Status.DRAFT
    policy.current_step = SECTION_KEYS[0]
    policy.updated_by = user
    return save_versioned(policy, expected_version=expected_version)


@transaction.atomic
def public_link_create(*, policy: Policy, user) -> PublicLink:
    """An unguessable address for the adopted policy (for parents and the public).

    Publishing to parents is the adopter's decision, not the editor's."""
    access.require(user, access.POLICY_ADOPT, policy)
    if not policy.versions.exists():
        raise ValidationError(_("Politikken skal være vedtaget, før den kan deles."))
    return PublicLink.objects.create(
        policy=policy, token=secrets.token_urlsafe(32), created_by=user
    )


@transaction.atomic
def public_link_revoke(*, link: PublicLink, user) -> PublicLink:
    """Stop the link from working; idempotent."""
    access.require(user, access.POLICY_ADOPT, link.policy)
    PublicLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    link.refresh_from_db(fields=["revoked_at"])
    return link


@transaction.atomic
def living_event_create(
    *, policy: Policy, user, kind: str, date: date, description: str = ""
) -> LivingPolicyEvent:
    """Record something that keeps the policy alive (no personal data)."""
    access.require(user, access.POLICY_EDIT, policy)
    return LivingPolicyEvent.objects.create(
        policy=policy, kind=kind, date=date, description=description.strip(), created_by=user
    )


@transaction.atomic
def policy_template_adapt(
    *, template: PolicyTemplate, municipality: Municipality, user
) -> PolicyTemplate:
    """Copy a national template into ``municipality`` (or return its existing adaptation)."""
    access.require(user, access.TEMPLATE_ADAPT, municipality)
    if not template.is_national:
        raise ValidationError(_("Kun nationale skabeloner kan tilpasses."))
    existing = PolicyTemplate.objects.filter(kind=template.kind, municipality=municipality).first()
    if existing is not None:
        return existing
    return PolicyTemplate.objects.create(
        kind=template.kind,
        municipality=municipality,
        name=_("%(name)s – %(municipality)s")
        % {"name": template.name, "municipality": municipality.name},
        introduction=template.introduction,
        source=template.source,
        content=copy.deepcopy(template.content),
        sources=copy.deepcopy(template.sources),
        based_on=template,
    )


def _value_at(path: str, content: dict, introduction: str):
    """The value a template's ``sources`` path names ("purpose.text", "introduction")."""
    if path == "introduction":
        return introduction
    value = content
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@transaction.atomic
def policy_template_save(
    *,
    template: PolicyTemplate,
    user,
    name: str,
    introduction: str,
    content: dict,
    expected_version: int | None,
) -> PolicyTemplate:
    """Save a municipal template's header and sections (optimistic locking)."""
    access.require(user, access.TEMPLATE_EDIT, template)
    if template.is_national:
        raise ValidationError(_("Nationale skabeloner ændres i datafilen, ikke her."))
    # A quoted value that is edited is no longer the source's words.
    template.sources = {
        path: cited
        for path, cited in template.sources.items()
        if _value_at(path, template.content, template.introduction)
        == _value_at(path, content, introduction)
    }
    template.name = name
    template.introduction = introduction
    template.content = content
    return save_versioned(template, expected_version=expected_version)
