"""A real Celery worker on the Redis broker sends the reminder, once.

Starts ``celery -A config worker`` as a subprocess against the same test
database, enqueues the task through Redis and reads the email from the
filebased backend. Skipped only when no broker is configured, and never in CI
(REQUIRE_REAL_SERVICES=1 turns the skip into a failure).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from reminders.models import Reminder
from reminders.tasks import send_review_reminders
from tests.reminders.helpers import from_today, make_policy

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
REQUIRE = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


def _skip_or_fail(reason: str) -> None:
    if REQUIRE:
        pytest.fail(f"REQUIRE_REAL_SERVICES=1 but {reason}")
    print(f"SKIPPED: {reason}")
    pytest.skip(reason)


def _database_url() -> str:
    """The URL of the database this test runs on (pytest-django's test_<name>)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def _wait_for(predicate, *, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


@pytest.fixture
def worker(transactional_db, tmp_path):
    """A Celery worker subprocess on its own queue (so that no other worker on the
    same Redis takes the test's task), stopped with TERM afterwards."""
    if not settings.CELERY_BROKER_URL:
        _skip_or_fail("no CELERY_BROKER_URL is configured (the test needs a Redis broker)")
    if connection.vendor != "postgresql":
        _skip_or_fail("the worker needs the test database on PostgreSQL (DATABASE_URL)")

    tag = uuid.uuid4().hex[:10]
    queue, node = f"reminders-test-{tag}", f"reminders-test-{tag}@localhost"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        # Close the connection after each task: the test database is flushed afterwards.
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SITE_URL": "https://narkoen.example.dk",
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                *celery,
                "worker",
                "-l",
                "info",
                "--concurrency",
                "1",
                "-P",
                "solo",
                "--pidfile",
                str(tmp_path / "worker.pid"),
                "-Q",
                queue,
                "-n",
                node,
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:

        def answers_ping() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the worker exited early; log:\n{log.read_text()[-4000:]}")
            ping = subprocess.run(  # noqa: S603
                [*celery, "inspect", "ping", "-d", node, "--timeout", "1"],
                cwd=BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            return ping.returncode == 0 and "pong" in ping.stdout

        _wait_for(answers_ping, timeout=60, what="the worker to answer ping", log=log)
        yield {"queue": queue, "mail_dir": mail_dir, "log": log}
    finally:
        process.terminate()  # TERM: warm shutdown
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _emails(mail_dir: Path) -> list[str]:
    """Every message the filebased backend wrote (one file per connection,
    messages separated by a line of 79 dashes)."""
    messages = []
    for path in sorted(mail_dir.iterdir()):
        messages += [m for m in path.read_text().split("-" * 79) if m.strip()]
    return messages


def test_a_real_worker_sends_the_review_reminder_once(worker, institution, school_leader):
    from config.celery import app

    policy = make_policy(institution=institution, responsible=school_leader, due=from_today(10))
    # The autouse fixture made tasks eager; this test goes through Redis.
    app.conf.task_always_eager = False
    log: Path = worker["log"]

    def run_task_on_the_worker() -> None:
        task_id = send_review_reminders.apply_async(queue=worker["queue"]).id
        _wait_for(
            lambda: f"[{task_id}] succeeded" in log.read_text(),
            timeout=60,
            what=f"task {task_id} to succeed on the worker",
            log=log,
        )

    run_task_on_the_worker()

    emails = _emails(worker["mail_dir"])
    assert len(emails) == 1
    assert "To: skoleleder@example.dk" in emails[0]
    assert f"https://narkoen.example.dk/politikker/{policy.pk}/" in emails[0]
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.status) == (school_leader, Reminder.Status.SENT)

    # The next day's run (or a second beat) finds the reminder already sent.
    run_task_on_the_worker()

    assert len(_emails(worker["mail_dir"])) == 1
    assert Reminder.objects.get().attempts == 1
