"""In-process measurements for bench/run.py, run as a subprocess against the bench
database: ``python -m bench.probe setup|export|import|pdf|reminders ...``. Prints
one JSON object; the parent reads the process's peak memory from wait4().
"""

from __future__ import annotations

import json
import os
import resource
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
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import Activity  # noqa: E402
from municipalities.models import Arena, Institution, Membership, Municipality, Role  # noqa: E402
from policies.models import Policy  # noqa: E402

BENCH_USERNAME = "bench-koordinator"
BENCH_NATIONAL = "bench-national"


def busiest_municipality() -> Municipality:
    """The worst case: the municipality with the most activities."""
    return Municipality.objects.annotate(n=Count("activities")).order_by("-n", "name").first()


def _first_step_key() -> str | None:
    try:
        from policies.steps import STEPS
    except ImportError:
        return None
    return STEPS[0].key if STEPS else None


def pages(municipality: Municipality) -> list[tuple[str, str]]:
    """(name, path) of every page the bench loads as the coordinator."""
    school = Arena.objects.get(code=Arena.SCHOOL)
    mine = Policy.objects.filter(municipality=municipality)
    policy = mine.annotate(n=Count("versions")).order_by("-n", "pk").first()
    draft = next((p for p in mine.order_by("pk")[:200] if p.is_editable), None)
    activity = Activity.objects.filter(municipality=municipality).order_by("-start_date").first()
    today = timezone.localdate()
    three_years = f"?start={date(today.year - 2, 1, 1)}&end={date(today.year, 12, 31)}"
    activities = reverse("activities:list")
    count = Activity.objects.filter(municipality=municipality).count()
    last_page = max(1, -(-count // 50))
    rows = [
        ("start page", reverse("start")),
        ("dashboard", reverse("reports:dashboard")),
        ("dashboard, Beregn igen", reverse("reports:dashboard") + "?refresh=1"),
        ("activity list", activities),
        (
            "activity list, filtered",
            f"{activities}?arena={school.pk}&status={Activity.Status.COMPLETED}",
        ),
        ("activity list, search", f"{activities}?q=for%C3%A6ldrem%C3%B8de"),
        ("activity list, last page", f"{activities}?side={last_page}"),
        ("activity detail", reverse("activities:detail", kwargs={"pk": activity.pk})),
        ("coverage, this year", reverse("activities:coverage")),
        (
            "coverage, all years",
            reverse("activities:coverage") + "?period_from=2000-01-01&period_to=2030-12-31",
        ),
        ("policy list", reverse("policies:list")),
    ]
    if policy is not None:
        rows.append(("policy detail", reverse("policies:detail", kwargs={"pk": policy.pk})))
    step = _first_step_key()
    if draft is not None and step:
        rows.append(
            ("guided-form step", reverse("policies:step", kwargs={"pk": draft.pk, "step": step}))
        )
    rows += [
        (
            "status page, 3 years",
            reverse("reports:municipality", kwargs={"slug": municipality.slug}) + three_years,
        ),
        ("contract list", reverse("partnerships:contract_list")),
    ]
    for name in ("reminders:reminder_list", "reminders:list", "policies:reminder_list"):
        try:
            rows.append(("reminder log", reverse(name)))
            break
        except NoReverseMatch:
            continue
    return rows


def national_pages() -> list[tuple[str, str]]:
    activities = reverse("activities:list")
    return [
        ("national: activity list", activities),
        ("national: activity list, search", f"{activities}?q=for%C3%A6ldrem%C3%B8de"),
        ("national: coverage, this year", reverse("activities:coverage")),
    ]


def _cookie(user, *, warm: str) -> str:
    """A browser signed in as ``user``: its session and CSRF cookies as a Cookie header."""
    client = Client()
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:  # national administrators have passed their second factor
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    client.get(warm)  # sets the CSRF cookie, as a browser's first page does
    return "; ".join(
        f"{name}={client.cookies[name].value}"
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        if name in client.cookies
    )


def _count_queries(user, rows: list[tuple[str, str]]) -> list[dict]:
    client = Client()
    client.cookies.load(_cookie(user, warm=reverse("activities:import")))
    results = []
    for name, path in rows:
        client.get(path)  # warm caches (content types, templates)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        results.append(
            {"name": name, "path": path, "queries": len(queries), "bytes": len(response.content)}
        )
    return results


def setup(sessions: int, cookie_dir: str, fresh_sessions: int) -> dict:
    """A coordinator of the busiest municipality and a national administrator,
    ``sessions`` signed-in browsers of each (cookie files for wrk), a pool of
    ``fresh_sessions`` browsers for first visits, and the queries per page."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    municipality = busiest_municipality()
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username=BENCH_USERNAME, defaults={"email": "bench@bench.example", "first_name": "Bench"}
    )
    Membership.objects.update_or_create(
        user=user,
        defaults={"role": Role.COORDINATOR, "municipality": municipality, "institution": None},
    )
    national, _ = User.objects.get_or_create(
        username=BENCH_NATIONAL, defaults={"email": "national@bench.example"}
    )
    Membership.objects.update_or_create(
        user=national,
        defaults={"role": Role.NATIONAL_ADMIN, "municipality": None, "institution": None},
    )
    TOTPDevice.objects.get_or_create(user=national, name="bench", defaults={"confirmed": True})
    warm = reverse("activities:import")
    files = {}
    for label, who, count in (
        ("coordinator", user, sessions),
        ("national", national, sessions),
        ("fresh", user, fresh_sessions),
    ):
        path = os.path.join(cookie_dir, f"{label}.txt")
        with open(path, "w") as handle:
            handle.write("\n".join(_cookie(who, warm=warm) for _ in range(count)) + "\n")
        files[label] = path
    results = _count_queries(user, pages(municipality))
    for row in _count_queries(national, national_pages()):
        row["who"] = "national"
        results.append(row)
    return {
        "municipality": municipality.name,
        "slug": municipality.slug,
        "activities_in_municipality": municipality.activities.count(),
        "cookie_files": files,
        "pages": results,
        "totals": {
            "municipalities": Municipality.objects.count(),
            "institutions": Institution.objects.count(),
            "activities": Activity.objects.count(),
            "policies": Policy.objects.count(),
        },
    }


def _rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export(who: str) -> dict:
    """The CSV export of every activity the national administrator (or the busiest
    municipality's coordinator) sees: time, rows, bytes, memory above the baseline."""
    from activities import csv_io

    username = BENCH_NATIONAL if who == "national" else BENCH_USERNAME
    user = get_user_model().objects.get(username=username)
    queryset = Activity.objects.visible_to(user)
    # Baseline: Django loaded and a small export done (imports, connections).
    for _chunk in csv_io.csv_chunks(queryset[:10]):
        pass
    baseline = _rss_mb()
    started = time.perf_counter()
    size = rows = 0
    with CaptureQueriesContext(connection) as queries:
        for chunk in csv_io.csv_chunks(queryset):
            size += len(chunk)
            rows += 1
    return {
        "seconds": time.perf_counter() - started,
        "rows": rows - 2,
        "bytes": size,
        "queries": len(queries),
        "baseline_mb": baseline,
        "above_baseline_mb": _peak_mb() - baseline,
    }


def import_rows(count: int) -> dict:
    """Check and save ``count`` rows (the busiest municipality's own export, re-imported)
    as the worker does, in a transaction that is rolled back afterwards."""
    from activities import csv_io, services
    from activities.models import ImportJob

    user = get_user_model().objects.get(username=BENCH_USERNAME)
    ids = list(
        Activity.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:count]
    )
    data = b"".join(csv_io.csv_chunks(Activity.objects.filter(pk__in=ids)))
    rows = csv_io.read_rows(data)
    baseline = _rss_mb()
    with transaction.atomic():
        job = ImportJob.objects.create(owner=user, rows=rows, row_count=len(rows))
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as checking:
            services.import_job_check(job_id=job.pk)
        checked = time.perf_counter() - started
        job.refresh_from_db()
        errors = job.error_count
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.SAVING)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as saving:
            services.import_job_save(job_id=job.pk)
        saved = time.perf_counter() - started
        status = ImportJob.objects.get(pk=job.pk).status
        transaction.set_rollback(True)
    return {
        "rows": len(rows),
        "bytes": len(data),
        "errors": errors,
        "status": status,
        "check_seconds": checked,
        "save_seconds": saved,
        "check_queries": len(checking),
        "save_queries": len(saving),
        "above_baseline_mb": _peak_mb() - baseline,
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
        result = setup(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    elif command == "export":
        result = export(sys.argv[2])
    elif command == "import":
        result = import_rows(int(sys.argv[2]))
    elif command == "pdf":
        result = pdf(sys.argv[2] if len(sys.argv) > 2 else None)
    elif command == "reminders":
        result = reminders()
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))
