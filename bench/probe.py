"""In-process measurements for bench/run.py, run as a subprocess against the bench
database: ``python -m bench.probe setup|pdf|reminders ...``. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import Activity  # noqa: E402
from municipalities.models import Arena, Membership, Municipality, Role  # noqa: E402
from policies.models import Policy  # noqa: E402

BENCH_USERNAME = "bench-koordinator"


def busiest_municipality() -> Municipality:
    """The worst case: the municipality with the most activities."""
    return Municipality.objects.annotate(n=Count("activities")).order_by("-n", "name").first()


def pages(municipality: Municipality) -> list[tuple[str, str]]:
    school = Arena.objects.get(code=Arena.SCHOOL)
    policy = (
        Policy.objects.filter(municipality=municipality)
        .annotate(n=Count("versions"))
        .order_by("-n", "pk")
        .first()
    )
    today = timezone.localdate()
    three_years = f"?start={date(today.year - 2, 1, 1)}&end={date(today.year, 12, 31)}"
    rows = [
        ("start page", reverse("start")),
        ("dashboard", reverse("reports:dashboard")),
        (
            "activity list, filtered",
            f"{reverse('activities:list')}?arena={school.pk}&status={Activity.Status.COMPLETED}",
        ),
        ("policy list", reverse("policies:list")),
    ]
    if policy is not None:
        rows.append(("policy detail", reverse("policies:detail", kwargs={"pk": policy.pk})))
    rows += [
        (
            "status page, 3 years",
            reverse("reports:municipality", kwargs={"slug": municipality.slug}) + three_years,
        ),
        ("contract list", reverse("partnerships:contract_list")),
    ]
    return rows


def setup(sessions: int) -> dict:
    """A coordinator of the busiest municipality, ``sessions`` logged-in session
    cookies for the load generator, and the queries each page makes."""
    municipality = busiest_municipality()
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=BENCH_USERNAME, defaults={"email": "bench@bench.example", "first_name": "Bench"}
    )
    Membership.objects.update_or_create(
        user=user,
        defaults={"role": Role.COORDINATOR, "municipality": municipality, "institution": None},
    )
    cookies = []
    for _ in range(sessions):
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    client = Client()
    client.force_login(user)
    results = []
    for name, path in pages(municipality):
        client.get(path)  # warm caches (content types, templates)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        results.append(
            {"name": name, "path": path, "queries": len(queries), "bytes": len(response.content)}
        )
    return {
        "municipality": municipality.name,
        "slug": municipality.slug,
        "activities_in_municipality": municipality.activities.count(),
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "cookies": cookies,
        "pages": results,
        "totals": {
            "municipalities": Municipality.objects.count(),
            "activities": Activity.objects.count(),
            "policies": Policy.objects.count(),
        },
    }


def pdf(slug: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        output = os.path.join(tmp, "report.pdf")
        which = ["--municipality", slug] if slug else ["--all"]
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command("status_report", *which, "--output", output, stdout=quiet)
        seconds = time.perf_counter() - started
        size = os.path.getsize(output)
    return {"seconds": seconds, "bytes": size}


def reminders() -> dict:
    from reminders.engine import reminders_send

    setup_test_environment()  # locmem outbox
    mail.outbox = []
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = reminders_send(today=timezone.localdate())
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "queries": len(queries),
        "policies": Policy.objects.count(),
        "planned": len(run.planned),
        "sent": len(run.sent),
        "failed": len(run.failed),
        "emails": len(mail.outbox),
    }


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "setup":
        result = setup(int(sys.argv[2]))
    elif command == "pdf":
        result = pdf(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "reminders":
        result = reminders()
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))
