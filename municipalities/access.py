"""Who may see and change what. The only module that reads a user's role.

Two questions, answered here and nowhere else:

- *Scope* (``scope_queryset``, ``get_visible_or_404``, ``municipalities_visible_to``):
  which rows a user may see. A national administrator sees every municipality; a
  municipality's coordinator and steering-group members see that municipality;
  institution leaders and editors see what concerns their institution. Another
  municipality's object answers 404 (its existence is not revealed).
- *Capabilities* (``CAPABILITIES``, ``can``, ``require``): what a user may do. Each
  capability names the roles that hold it; with an object, the object must also be
  in the user's reach: their municipality, or, for institution roles, their own
  institution's object on a model that declares ``INSTITUTION_MAY_CHANGE = True``.
  A visible object the user may not act on answers 403.

``membership_of`` is the only input about who the user is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from municipalities.models import Membership, Municipality, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

NATIONAL = Role.NATIONAL_ADMIN
COORDINATOR = Role.COORDINATOR
LEADER = Role.INSTITUTION_LEADER
EDITOR = Role.INSTITUTION_EDITOR
STEERING = Role.STEERING_MEMBER

INSTITUTION_ROLES = frozenset({LEADER, EDITOR})

# --- The capabilities ---------------------------------------------------------------
ACTIVITY_WRITE = "activity.write"  # create, edit, delete, restore, import activities
CONTRACT_WRITE = "contract.write"  # contracts, their signatories and obligations
AGREEMENT_READ = "agreement.read"  # nightlife agreements concern the whole municipality
AGREEMENT_WRITE = "agreement.write"
POLICY_CREATE = "policy.create"  # start a draft for a visible institution
POLICY_EDIT = "policy.edit"  # the guided form, consultation, revision, living-policy events
POLICY_ADOPT = "policy.adopt"  # adopt, and publish or revoke the public link
POLICY_RESPONSIBLE = "policy.responsible"  # named responsible when starting own policy
TEMPLATE_ADAPT = "template.adapt"  # copy a national template into the own municipality
TEMPLATE_EDIT = "template.edit"  # edit a municipal template
STATUS_READ = "status.read"  # dashboards and status reports
NATIONAL_READ = "national.read"  # every municipality: the national dashboard and columns
REMINDER_LOG_READ = "reminder_log.read"  # what the reminder run sent
SUBSCRIPTION_WRITE = "subscription.write"  # the steering group's scheduled status report

CAPABILITIES: Mapping[str, frozenset[str]] = {
    ACTIVITY_WRITE: frozenset({NATIONAL, COORDINATOR}),
    CONTRACT_WRITE: frozenset({NATIONAL, COORDINATOR}),
    AGREEMENT_READ: frozenset({NATIONAL, COORDINATOR, STEERING}),
    AGREEMENT_WRITE: frozenset({NATIONAL, COORDINATOR}),
    POLICY_CREATE: frozenset({NATIONAL, COORDINATOR, LEADER, EDITOR}),
    POLICY_EDIT: frozenset({NATIONAL, COORDINATOR, LEADER, EDITOR}),
    POLICY_ADOPT: frozenset({NATIONAL, COORDINATOR, LEADER}),
    POLICY_RESPONSIBLE: frozenset({LEADER, EDITOR}),
    TEMPLATE_ADAPT: frozenset({COORDINATOR}),
    TEMPLATE_EDIT: frozenset({NATIONAL, COORDINATOR}),
    STATUS_READ: frozenset({NATIONAL, COORDINATOR, STEERING}),
    NATIONAL_READ: frozenset({NATIONAL}),
    REMINDER_LOG_READ: frozenset({NATIONAL, COORDINATOR, STEERING}),
    SUBSCRIPTION_WRITE: frozenset({NATIONAL, COORDINATOR}),
}

# Who the reminders reach, by role: an institution's leaders (when nobody is named
# responsible), then the municipality's coordinators, then its steering group.
REMINDER_AUDIENCE: Mapping[str, str] = {
    LEADER: "leaders",
    COORDINATOR: "coordinators",
    STEERING: "steering_group",
}


def membership_of(user: AnyUser) -> Membership | None:
    """The user's membership, or None for anonymous users and users without one."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def _in_reach(membership: Membership, obj: models.Model) -> bool:
    # National administrators reach everything; checked by the caller.
    if isinstance(obj, Municipality):
        return membership.role not in INSTITUTION_ROLES and obj.pk == membership.municipality_id
    if membership.role in INSTITUTION_ROLES:
        if not getattr(type(obj), "INSTITUTION_MAY_CHANGE", False):
            return False
        return getattr(obj, "institution_id", None) == membership.institution_id
    return getattr(obj, "municipality_id", None) == membership.municipality_id


def can(user: AnyUser, capability: str, obj: models.Model | None = None) -> bool:
    """Does ``user`` hold ``capability`` (on ``obj``, when given)?

    ``obj`` is an object already known to be visible to the user, or a
    Municipality. Without ``obj`` the answer is about the role alone (menus,
    buttons, list pages).
    """
    membership = membership_of(user)
    if membership is None or membership.role not in CAPABILITIES[capability]:
        return False
    if obj is None or membership.role == NATIONAL:
        return True
    return _in_reach(membership, obj)


def require(user: AnyUser, capability: str, obj: models.Model | None = None) -> None:
    """Raise PermissionDenied (403) unless ``can(user, capability, obj)``."""
    if not can(user, capability, obj):
        raise PermissionDenied


def capabilities_of(user: AnyUser) -> dict[str, bool]:
    """Every capability by its constant's name, for templates: ``caps.ACTIVITY_WRITE``."""
    return {
        name: can(user, value)
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str) and value in CAPABILITIES
    }


def is_national(user: AnyUser) -> bool:
    """Does the user act for every municipality (a national administrator)?"""
    return can(user, NATIONAL_READ)


# --- Scope --------------------------------------------------------------------------


def scope_queryset(
    queryset: models.QuerySet,
    user: AnyUser,
    *,
    municipality_lookup: str = "municipality",
    institution_lookup: str | None = None,
    institution_sees_municipality: bool = False,
) -> models.QuerySet:
    """Narrow ``queryset`` to the rows ``user`` may see.

    ``institution_lookup`` names the path from the row to the institution it
    concerns; institution roles see only rows linked to their own institution,
    unless ``institution_sees_municipality`` opens the whole municipality to them.
    """
    membership = membership_of(user)
    if membership is None:
        return queryset.none()
    if membership.role == NATIONAL:
        return queryset
    if membership.role in INSTITUTION_ROLES and not institution_sees_municipality:
        if institution_lookup is None:
            return queryset.none()
        return queryset.filter(**{institution_lookup: membership.institution_id})
    return queryset.filter(**{municipality_lookup: membership.municipality_id})


def get_visible_or_404(queryset: models.QuerySet, user: AnyUser, **lookup: Any) -> models.Model:
    """Fetch one object through the model's ``visible_to`` filter; 404 otherwise."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def municipalities_visible_to(user: AnyUser) -> models.QuerySet:
    membership = membership_of(user)
    if membership is None:
        return Municipality.objects.none()
    if membership.role == NATIONAL:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk=membership.municipality_id)
