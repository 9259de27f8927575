"""Who may see and change what. Every view decides through this module.

Rules:
- a national administrator sees and changes everything;
- an SSP coordinator sees and changes everything of its municipality;
- an institution leader or editor sees what concerns its institution (and,
  where a model says so, its municipality's activities) and changes only its
  institution's own objects (policies) when the model allows it;
- a steering-group member sees its municipality and changes nothing.

Another municipality's object answers 404 (its existence is not revealed);
a visible object that the role may not change answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from municipalities.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser

INSTITUTION_ROLES = {Role.INSTITUTION_LEADER, Role.INSTITUTION_EDITOR}
READ_ONLY_ROLES = {Role.STEERING_MEMBER}


def membership_of(user: AnyUser) -> Membership | None:
    """The user's membership, or None for anonymous users and users without one."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


def role_of(user: AnyUser) -> str | None:
    membership = membership_of(user)
    return membership.role if membership else None


def can_see_status(user: AnyUser) -> bool:
    """Dashboards and status reports: every role except the institutions' own."""
    role = role_of(user)
    return role is not None and role not in INSTITUTION_ROLES


def is_national(user: AnyUser) -> bool:
    return role_of(user) == Role.NATIONAL_ADMIN


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
    if membership.role == Role.NATIONAL_ADMIN:
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


def can_change(user: AnyUser, obj: models.Model, *, institution_may_change: bool = False) -> bool:
    """May ``user`` change ``obj``, an object already known to be visible to them?

    ``obj`` must have ``municipality_id``; with ``institution_may_change`` it must
    also have ``institution_id``, and its institution's leader and editors may
    change it.
    """
    membership = membership_of(user)
    if membership is None:
        return False
    if membership.role == Role.NATIONAL_ADMIN:
        return True
    if membership.role == Role.COORDINATOR:
        return obj.municipality_id == membership.municipality_id
    if membership.role in INSTITUTION_ROLES and institution_may_change:
        return getattr(obj, "institution_id", None) == membership.institution_id
    return False


def require_change(user: AnyUser, obj: models.Model, *, institution_may_change: bool = False):
    """Raise PermissionDenied (403) unless ``user`` may change ``obj``."""
    if not can_change(user, obj, institution_may_change=institution_may_change):
        raise PermissionDenied


def can_create_in_municipality(user: AnyUser) -> bool:
    """Coordinators (own municipality) and national administrators create
    municipality-level records such as activities and agreements."""
    return role_of(user) in {Role.COORDINATOR, Role.NATIONAL_ADMIN}


def require_create_in_municipality(user: AnyUser) -> None:
    if not can_create_in_municipality(user):
        raise PermissionDenied


def municipalities_visible_to(user: AnyUser) -> models.QuerySet:
    from municipalities.models import Municipality

    membership = membership_of(user)
    if membership is None:
        return Municipality.objects.none()
    if membership.role == Role.NATIONAL_ADMIN:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk=membership.municipality_id)
