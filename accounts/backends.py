"""Authentication backend: Django's ModelBackend, loading the membership with the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from municipalities.sessions import MEMBERSHIP_RELATED, session_for_auth


class MembershipBackend(ModelBackend):
    """Every signed-in page needs the user's membership (role, municipality, institution)
    for access checks and the menu bar. Loading them with the user on each request makes
    that one query instead of three, and none when the session brought the user along
    (municipalities.sessions). Users without a membership work as before
    (``user.membership`` raises ``DoesNotExist``)."""

    def get_user(self, user_id):
        session = session_for_auth.get()
        user = session.user_for(user_id) if session is not None else None
        if user is not None:
            # Read with the session in this request (municipalities.sessions).
            return user if self.user_can_authenticate(user) else None
        User = get_user_model()
        try:
            user = User._default_manager.select_related(*MEMBERSHIP_RELATED).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
