"""CI must use PostgreSQL and Redis for real; on a developer machine SQLite is fine."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

REQUIRE = os.environ.get("REQUIRE_REAL_SERVICES") == "1"
ROOT = Path(__file__).resolve().parent.parent


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


def _eager_setting(broker_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    if broker_url is not None:
        env["CELERY_BROKER_URL"] = broker_url
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
        "django.setup(); from config.celery import app; print(app.conf.task_always_eager)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_a_broker_tasks_run_in_process():
    # The embedded default: .delay() would otherwise block and fail without a broker.
    assert _eager_setting(None) == "True"


def test_with_a_broker_tasks_go_to_it():
    assert _eager_setting("redis://127.0.0.1:6379/0") == "False"
