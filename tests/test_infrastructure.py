"""CI must use PostgreSQL and Redis for real; on a developer machine SQLite is fine."""

import os

import pytest
from django.conf import settings
from django.db import connection

REQUIRE = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


@pytest.mark.skipif(not REQUIRE, reason="REQUIRE_REAL_SERVICES is not set (set by .ci/run)")
def test_ci_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.skipif(not REQUIRE, reason="REQUIRE_REAL_SERVICES is not set (set by .ci/run)")
def test_ci_has_a_reachable_redis_broker():
    import redis

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert redis.Redis.from_url(settings.CELERY_BROKER_URL).ping() is True


def test_without_a_broker_tasks_run_in_process():
    # Mirrors the embedded default: no broker → eager.
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not settings.CELERY_BROKER_URL)
