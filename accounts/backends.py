"""Authentication backend: Django's ModelBackend, loading the membership with the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# What every signed-in page needs of the user's membership.
MEMBERSHIP_RELATED = ("membership__municipality", "membership__institution")


class MembershipBackend(ModelBackend):
    """Every signed-in page needs the user's membership (role, municipality, institution)
    for access checks and the menu bar. Loading them with the user on each request makes
    that one query instead of three. Users without a membership work as before
    (``user.membership`` raises ``DoesNotExist``)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related(*MEMBERSHIP_RELATED).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
