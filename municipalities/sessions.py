"""Database sessions that bring the signed-in user along (SESSION_ENGINE).

The session row (municipalities.models.UserSession) names its user, so loading a
session also loads the user with membership, municipality and institution: one query
where Django's engine and auth backend need two. municipalities.backends hands that
user to Django's own ``get_user``, which still verifies the session hash and that the
user may sign in; whenever the prefetched row does not match, the backend queries.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

# The session whose user is being resolved (set by AuthenticationMiddleware around
# Django's get_user; read by MembershipBackend.get_user).
session_for_auth: ContextVar[SessionStore | None] = ContextVar("session_for_auth", default=None)


class SessionStore(DBStore):
    prefetched_user = None

    @classmethod
    def get_model_class(cls):
        from municipalities.models import UserSession

        return UserSession

    def _get_session_from_db(self):
        # Django's lookup (db.SessionStore._get_session_from_db), with the user joined.
        self.prefetched_user = None
        try:
            found = self.model.objects.select_related(
                "user__membership__municipality", "user__membership__institution"
            ).get(session_key=self.session_key, expire_date__gt=timezone.now())
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        self.prefetched_user = found.user
        return found

    def user_for(self, user_id) -> AbstractBaseUser | None:
        """The user loaded with this session, if it is the one ``user_id`` names."""
        user = self.prefetched_user
        if user is not None and str(user.pk) == str(user_id):
            return user
        return None

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        try:
            instance.user_id = get_user_model()._meta.pk.to_python(user_id) if user_id else None
        except Exception:  # a malformed id in the data: no link, the backend will query
            instance.user_id = None
        return instance
