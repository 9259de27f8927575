"""Policies for tests: drafts filled completely from the shipped templates."""

from __future__ import annotations

import copy
import re

from policies import services
from policies.models import Policy, PolicyTemplate, TemplateKind
from policies.seed import load_policy_templates

PLACEHOLDER = re.compile(r"\[[^\]]{3,}\]")


def filled(value):
    """The template's "[ ... ]" prompts replaced by real text, recursively."""
    if isinstance(value, str):
        return PLACEHOLDER.sub("Vores egen tekst", value)
    if isinstance(value, list):
        return [filled(item) for item in value]
    if isinstance(value, dict):
        return {key: filled(item) for key, item in value.items()}
    return value


def national_template(kind: str = TemplateKind.PRIMARY_SCHOOL) -> PolicyTemplate:
    if not PolicyTemplate.objects.filter(municipality=None).exists():
        load_policy_templates()
    return PolicyTemplate.objects.get(kind=kind, municipality=None)


def complete_draft(*, institution, user, title: str | None = None) -> Policy:
    """A draft with every step complete, ready to be adopted."""
    template = national_template()
    policy = services.policy_create_from_template(institution=institution, user=user)
    policy.content = filled(copy.deepcopy(template.content))
    policy.content["evaluation"]["participants"] = "Ledelse, lærere og skolebestyrelse"
    policy.responsible = user
    if title:
        policy.title = title
    policy.save()
    return policy


def adopted_policy(*, institution, user, adopter=None) -> Policy:
    policy = complete_draft(institution=institution, user=user)
    services.policy_adopt(policy=policy, user=adopter or user, expected_version=policy.version)
    policy.refresh_from_db()
    return policy
