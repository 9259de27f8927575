"""Database sessions that bring the signed-in user along (SESSION_ENGINE).

The session row (municipalities.models.UserSession) names its user, so loading a
session also loads the user with membership, municipality and institution: one query
where Django's engine and auth backend need two. accounts.backends hands that
user to Django's own ``get_user``, which still verifies the session hash and that the
user may sign in; whenever the prefetched row does not match, the backend queries.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.db.models.query import get_related_populators
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
            found = _session_with_user(self.model, self.session_key, timezone.now())
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            found = None
        if found is None:
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


# -- the lookup, compiled once ------------------------------------------------------
# It runs on every signed-in request. Compiling a five-table select_related query is
# a third of a signed-in request's own time, so its SQL is built once per process
# (the statement does not depend on the values) and its rows are turned into objects
# the way Django's ModelIterable does. Checked when built; if the shape is not the
# expected one, the ordinary queryset is used.

# What every signed-in page needs of the user's membership (MembershipBackend too).
MEMBERSHIP_RELATED = ("membership__municipality", "membership__institution")
RELATED = tuple(f"user__{path}" for path in MEMBERSHIP_RELATED)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    key_at: int
    now_at: int
    init_list: list[str]
    start: int
    end: int
    populators: list
    converters: dict


_compiled: dict[str, _Compiled | None] = {}


def _queryset(model, session_key, now):
    return model.objects.select_related(*RELATED).filter(
        session_key=session_key, expire_date__gt=now
    )[:1]


def _compile(model, alias: str) -> _Compiled | None:
    connection = connections[alias]
    key, now = "\x00sentinel", datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
    compiler = _queryset(model, key, now).query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    expire = model._meta.get_field("expire_date").get_db_prep_value(now, connection)
    params = list(params)
    if len(params) != 2 or key not in params or expire not in params:
        return None
    klass_info, select = compiler.klass_info, compiler.select
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    return _Compiled(
        sql=sql,
        key_at=params.index(key),
        now_at=params.index(expire),
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, alias),
        converters=compiler.get_converters([column[0] for column in select]),
    )


def _session_with_user(model, session_key: str, now: datetime):
    """The unexpired session ``session_key`` with its user, membership, municipality
    and institution, or None."""
    alias = router.db_for_read(model)
    if alias not in _compiled:
        _compiled[alias] = _compile(model, alias)
    compiled = _compiled[alias]
    if compiled is None:
        return next(iter(_queryset(model, session_key, now)), None)
    connection = connections[alias]
    params: list = [None, None]
    params[compiled.key_at] = session_key
    params[compiled.now_at] = model._meta.get_field("expire_date").get_db_prep_value(
        now, connection
    )
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for position, (converters, expression) in compiled.converters.items():
        for converter in converters:
            row[position] = converter(row[position], expression, connection)
    session = model.from_db(alias, compiled.init_list, row[compiled.start : compiled.end])
    for populator in compiled.populators:
        populator.populate(row, session)
    return session
