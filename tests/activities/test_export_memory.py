"""The CSV export of 100,000 activities streams in constant memory: measured in a
fresh process with tracemalloc (the peak of Python's own allocations during the
export). The process's peak RSS above its baseline is printed as well; it also
holds the database driver's buffers and memory the allocator keeps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings

from activities.models import Activity
from tests.factories import InstitutionFactory
from tests.reminders.test_worker import _database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 100_000
LIMIT_MB = 50

SCRIPT = """
import json, resource, sys, tracemalloc
import django
django.setup()
from activities import csv_io
from activities.models import Activity

def rss():
    with open("/proc/self/status") as handle:
        return next(int(l.split()[1]) for l in handle if l.startswith("VmRSS")) / 1024

queryset = Activity.objects.all()
for _chunk in csv_io.csv_chunks(queryset[:10]):  # imports and connection in the baseline
    pass
baseline = rss()
tracemalloc.start()
rows = size = 0
for chunk in csv_io.csv_chunks(queryset):
    rows += 1
    size += len(chunk)
traced_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows - 2, "bytes": size, "traced_peak_mb": traced_peak,
                  "rss_above_baseline_mb": peak - baseline}))
"""


def test_exporting_100000_rows_allocates_at_most_50_mb_at_any_time(
    municipality, institution, reference
):
    other = InstitutionFactory(municipality=municipality, name="Skolen ved Søen, afd. Nord")
    start = date(2023, 1, 1)
    Activity.objects.bulk_create(
        (
            Activity(
                municipality=municipality,
                arena=reference.school,
                title=f"Forældremøde om rusmidler {n}",
                description="Oplæg og dialog med forældre til elever i 7. klasse. " * 4,
                target_group_text="Forældre til 7. klasse",
                participants=n % 300,
                start_date=start + timedelta(days=n % 1000),
            )
            for n in range(ROWS)
        ),
        batch_size=5000,
    )
    ids = list(Activity.objects.values_list("pk", flat=True))
    links = [
        (Activity.institutions.through, "institution_id", [institution.pk, other.pk]),
        (Activity.target_groups.through, "targetgroup_id", [reference.parents.pk]),
        (Activity.principles.through, "principle_id", [reference.principles[1].pk]),
    ]
    for through, column, targets in links:
        through.objects.bulk_create(
            (through(activity_id=pk, **{column: target}) for pk in ids for target in targets),
            batch_size=10000,
        )
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    print(measured)
    assert measured["rows"] == ROWS
    assert measured["bytes"] > ROWS * 200  # every row with its text and relations
    assert measured["traced_peak_mb"] <= LIMIT_MB, measured
