# ruff: noqa: S603, S607 - runs local tools (psql, gunicorn, wrk) with fixed arguments
"""`make bench`: the app's figures at national scale, on PostgreSQL and gunicorn,
measured with wrk (a C load generator) against a bare Django view in the same run.

1. The database (default ``narkoen_bench``): created, migrated, seeded and filled
   with generate_scale_data (98 municipalities, 100,000 activities) the first
   time; later runs reuse it (``--fresh`` regenerates). ``--database`` picks
   another one.
2. bench.probe setup: a coordinator of the busiest municipality and a national
   administrator, signed-in browsers (session and CSRF cookies) for wrk, the
   queries per page (Django's test client).
3. gunicorn (2 sync workers, bench.settings: DEBUG off, a bare view, a
   Server-Timing header with Django's own time). For each page, ``--pairs``
   interleaved pairs of wrk runs (bare view, then the page; ``--duration`` s
   each, ``--connections`` connections on 2 threads); the medians of the pairs
   are reported: throughput as a share of the bare view, server p50/p95 (from
   the header, bench/wrk.lua), client p95, and the load average.
4. In their own processes: the import of 2,000 and 5,000 rows (check and save,
   rolled back), the CSV exports (national and the busiest municipality: time
   and memory above the baseline), the PDF status reports, the reminder sweep.

Prints the table with its targets; a missed target says MISSED. Usage:

    .venv/bin/python -m bench.run [--quick] [--pairs 3] [--duration 3]
        [--database narkoen_bench] [--fresh] [--generate "--activities 20000"]
        [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB_SERVER = "postgres://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
PROBE_TIMEOUT = 900
WRK_LUA = ROOT / "bench" / "wrk.lua"
BARE = "/bench/bare/"

# Targets at national scale on this machine.
MIN_SHARE = 0.10  # every list and detail page, of the bare view's throughput
MIN_DASHBOARD_SHARE = 0.20  # the dashboard on a first visit
MAX_SERVER_P95_MS = 30
MAX_SEARCH_MS = 20  # server p50 of a free-text search
MAX_IMPORT_CHECK_S = 10  # 5,000 rows
MAX_IMPORT_SAVE_S = 20
MAX_EXPORT_MB = 50  # above the process's baseline
MAX_PDF_ONE_S = 2
MAX_PDF_NATIONAL_S = 5
MAX_PDF_MB = 300
# Pages measured without a target (shown for reference).
NO_TARGET = {"dashboard, Beregn igen"}


def env(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{DB_SERVER}/{database}",
        "DJANGO_DEBUG": "0",
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(*args: str, database: str = "postgres") -> str:
    result = subprocess.run(
        [
            "psql",
            "-h",
            HOST,
            "-U",
            "postgres",
            "-d",
            database,
            "-v",
            "ON_ERROR_STOP=1",
            "-qtA",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return result.stdout.strip()


def manage(database: str, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        check=True,
        cwd=ROOT,
        env=env(database),
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def prepare_database(args) -> str:
    """Reuse the national-scale database if it is there, else build it."""
    database = args.database
    try:
        municipalities = int(
            psql("-c", "SELECT count(*) FROM municipalities_municipality", database=database)
        )
    except (RuntimeError, ValueError):
        municipalities = 0
    if args.fresh or municipalities < 98:
        say(f"fresh database {database}: migrate, seed, generate_scale_data {args.generate}")
        psql("-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        psql("-c", f"CREATE DATABASE {database}")
        manage(database, "migrate", "--no-input", "-v", "0")
        manage(database, "seed_model_municipalities", capture=True)
        print(manage(database, "generate_scale_data", *shlex.split(args.generate), capture=True))
        psql("-c", "VACUUM ANALYZE", database=database)
        return "generated now"
    say(f"reusing {database} ({municipalities} municipalities); migrate")
    manage(database, "migrate", "--no-input", "-v", "0")
    return "reused"


def probe(database: str, *args: str) -> tuple[dict, float]:
    """Run bench.probe in a subprocess; returns its JSON and its peak memory (MB)."""
    process = subprocess.Popen(
        [PY, "-m", "bench.probe", *args],
        cwd=ROOT,
        env=env(database),
        stdout=subprocess.PIPE,
        text=True,
    )
    timer = threading.Timer(PROBE_TIMEOUT, process.kill)
    timer.start()
    try:
        output = process.stdout.read()
        _pid, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench.probe {' '.join(args)} failed")
    return json.loads(output.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(database: str, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env(database),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{BARE}", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            raise SystemExit("gunicorn exited")
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wrk(port: int, path: str, cookie_file: str | None, args) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "30s",
        "-s",
        str(WRK_LUA),
        f"http://{HOST}:{port}{path}",
    ]
    if cookie_file:
        command += ["--", cookie_file]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    drain(port)
    line = next(line for line in output.splitlines() if line.startswith("{"))
    return json.loads(line)


def drain(port: int, limit: float = 60) -> None:
    """Wait until the workers are free again: gunicorn's sync workers still answer
    the requests wrk left queued when it stopped, and the next run would measure them."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{BARE}", timeout=30) as response:  # noqa: S310
                response.read()
        except OSError:
            continue
        if time.perf_counter() - started < 0.05:
            return


def measure_page(port: int, page: dict, cookie_file: str, args) -> dict:
    """Interleaved pairs (bare view, page); medians over the pairs. A short
    unmeasured run first warms both workers (templates, caches, connections)."""
    warm = argparse.Namespace(**{**vars(args), "duration": 1})
    wrk(port, page["path"], cookie_file, warm)
    pairs = []
    for _ in range(args.pairs):
        bare = wrk(port, BARE, None, args)
        run = wrk(port, page["path"], cookie_file, args)
        run["bare_rps"] = bare["rps"]
        run["share"] = run["rps"] / bare["rps"] if bare["rps"] else 0.0
        run["load"] = os.getloadavg()[0]
        pairs.append(run)

    def median(key: str) -> float:
        return statistics.median(run[key] for run in pairs)

    return {
        "pairs": pairs,
        **{
            key: median(key)
            for key in (
                "rps",
                "bare_rps",
                "share",
                "server_p50",
                "server_p95",
                "latency_p95",
                "load",
            )
        },
        "errors": sum(run["non200"] + run["socket_errors"] for run in pairs),
    }


def timed_get(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - http only
        body = response.read()
        status = response.status
    return time.perf_counter() - started, status, len(body)


def page_checks(page: dict) -> list[tuple[str, bool]]:
    load = page["load"]
    name = page["name"]
    if name in NO_TARGET:
        return []
    checks = [("no errors", load["errors"] == 0)]
    if name == "dashboard, new browsers" or name == "dashboard":
        checks.append((f"≥ {MIN_DASHBOARD_SHARE:.0%}", load["share"] >= MIN_DASHBOARD_SHARE))
    else:
        checks.append((f"≥ {MIN_SHARE:.0%}", load["share"] >= MIN_SHARE))
    checks.append((f"p95 ≤ {MAX_SERVER_P95_MS} ms", load["server_p95"] <= MAX_SERVER_P95_MS))
    if "search" in name:
        checks.append((f"p50 ≤ {MAX_SEARCH_MS} ms", load["server_p50"] <= MAX_SEARCH_MS))
    return checks


def verdict(checks: list[tuple[str, bool]]) -> str:
    if not checks:
        return "–"
    missed = [label for label, ok in checks if not ok]
    return "MISSED " + ", ".join(missed) if missed else "ok"


def machine() -> dict:
    mem_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    import django

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": psql("-c", "SHOW server_version"),
        "wrk": (wrk_version.splitlines() or [""])[0].split(" [")[0],
        "load_average": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def report(result: dict, info: dict, args) -> list[str]:
    setup = result["setup"]
    totals = setup["totals"]
    lines = [
        f"Machine: {info['cpus']} CPUs, {info['memory_gib']} GiB, Python {info['python']}, "
        f"Django {info['django']}, PostgreSQL {info['postgresql']}, {info['wrk']}; "
        f"run {info['date']}; load average at start {info['load_average'][0]:.1f}, "
        f"at the end {result['load_end']:.1f}",
        f"Data ({result['database']}, {result['prepared']}): {totals['municipalities']} "
        f"municipalities, {totals['institutions']} institutions, {totals['activities']} "
        f"activities, {totals['policies']} policies; coordinator of {setup['municipality']} "
        f"({setup['activities_in_municipality']} activities)",
        f"wrk: 2 threads, {args.connections} connections, {args.duration} s per run, "
        f"{args.pairs} interleaved pair(s) of (bare view, page) per page; medians of the pairs.",
        "",
        "| page | queries | KiB | server p50 ms | server p95 ms | client p95 ms | req/s "
        "| bare req/s | vs bare | load | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in setup["pages"]:
        load = page["load"]
        lines.append(
            f"| {page['name']} | {page.get('queries', '–')} | {page.get('bytes', 0) // 1024} | "
            f"{load['server_p50']:.1f} | {load['server_p95']:.1f} | {load['latency_p95']:.0f} | "
            f"{load['rps']:.0f} | {load['bare_rps']:.0f} | {load['share']:.1%} | "
            f"{load['load']:.1f} | {verdict(page_checks(page))} |"
        )
    lines += ["", "| job | time s | memory MB | other | target |", "|---|---:|---:|---|---|"]
    for imp in result["imports"]:
        ok = [
            (f"check ≤ {MAX_IMPORT_CHECK_S} s", imp["check_seconds"] <= MAX_IMPORT_CHECK_S),
            (f"save ≤ {MAX_IMPORT_SAVE_S} s", imp["save_seconds"] <= MAX_IMPORT_SAVE_S),
            ("saved", imp["status"] == "done"),
        ]
        lines.append(
            f"| import {imp['rows']} rows: check / save | {imp['check_seconds']:.1f} / "
            f"{imp['save_seconds']:.1f} | {imp['above_baseline_mb']:.0f} above baseline | "
            f"{imp['check_queries']} / {imp['save_queries']} queries, {imp['bytes'] // 1024} KiB "
            f"file, {imp['errors']} row errors | {verdict(ok)} |"
        )
    for label, exp in result["exports"]:
        ok = [(f"≤ {MAX_EXPORT_MB} MB", exp["above_baseline_mb"] <= MAX_EXPORT_MB)]
        lines.append(
            f"| CSV export, {label}: {exp['rows']} rows | {exp['seconds']:.1f} | "
            f"{exp['above_baseline_mb']:.0f} above a baseline of {exp['baseline_mb']:.0f} | "
            f"{exp['queries']} queries, {exp['bytes'] // 1024 // 1024} MiB | {verdict(ok)} |"
        )
    for label, pdf, limit in (
        (setup["municipality"], result["pdf_one"], MAX_PDF_ONE_S),
        ("national", result["pdf_national"], MAX_PDF_NATIONAL_S),
    ):
        http = pdf.get("http_seconds")
        seconds = http if http is not None else pdf["seconds"]
        ok = [
            (f"≤ {limit} s", seconds <= limit),
            (f"< {MAX_PDF_MB} MB", pdf["peak_mb"] < MAX_PDF_MB),
        ]
        how = "over HTTP" if http is not None else "in a process"
        lines.append(
            f"| PDF status report, {label} | {seconds:.2f} {how} | {pdf['peak_mb']:.0f} peak | "
            f"{pdf['bytes'] // 1024} KiB; {pdf['seconds']:.2f} s in a process | {verdict(ok)} |"
        )
    rem = result["reminders"]
    lines.append(
        f"| reminder sweep over {rem['policies']} policies | {rem['seconds']:.2f} | "
        f"{rem['peak_mb']:.0f} peak | {rem['queries']} queries, {rem['emails']} emails | – |"
    )
    missed = [p["name"] for p in setup["pages"] if verdict(page_checks(p)).startswith("MISSED")]
    lines += ["", f"Pages that missed a target: {', '.join(missed) or 'none'}."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 pair of 2 s runs, no PDFs")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per wrk run")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--sessions", type=int, default=10, help="signed-in browsers")
    parser.add_argument("--fresh-sessions", type=int, default=100, help="new browsers")
    parser.add_argument("--database", default="narkoen_bench")
    parser.add_argument("--fresh", action="store_true", help="regenerate the data")
    parser.add_argument("--generate", default="", help="extra generate_scale_data options")
    parser.add_argument("--pages", default="", help="only pages whose name contains this")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args()
    if args.quick:
        args.duration, args.pairs = 2, 1
    if subprocess.run(["pg_isready", "-h", HOST, "-q"]).returncode != 0:
        raise SystemExit("PostgreSQL is not running on 127.0.0.1:5432 (see docs/benchmarks.md).")
    info = machine()
    started = time.monotonic()
    prepared = prepare_database(args)
    database = args.database
    cookie_dir = tempfile.mkdtemp(prefix="narkoen-bench-")
    setup, _mem = probe(database, "setup", str(args.sessions), cookie_dir, str(args.fresh_sessions))
    files = setup["cookie_files"]
    say(f"coordinator of {setup['municipality']}; {len(setup['pages'])} pages")
    dashboard = next(p for p in setup["pages"] if p["name"] == "dashboard")
    setup["pages"].insert(2, {**dashboard, "name": "dashboard, new browsers", "cookies": "fresh"})
    if args.pages:
        setup["pages"] = [p for p in setup["pages"] if args.pages in p["name"]]
    port = free_port()
    server = start_gunicorn(database, port)
    pdf_http = {}
    try:
        wrk(port, BARE, None, argparse.Namespace(**{**vars(args), "duration": 2}))
        for page in setup["pages"]:
            cookies = page.get("cookies") or page.get("who") or "coordinator"
            page["load"] = measure_page(port, page, files[cookies], args)
            say(
                f"{page['name']}: {page['load']['rps']:.0f} req/s = {page['load']['share']:.1%} "
                f"of the bare view, server p95 {page['load']['server_p95']:.1f} ms, "
                f"load {page['load']['load']:.1f}"
            )
        if not args.quick:
            cookie = Path(files["coordinator"]).read_text().splitlines()[0]
            path = f"/status/kommune/{setup['slug']}/pdf/"
            timed_get(port, path, cookie)  # warm
            pdf_http["one"] = min(timed_get(port, path, cookie)[0] for _ in range(2))
    finally:
        stop(server)
    imports = []
    for rows in (2000, 5000):
        say(f"import of {rows} rows")
        imports.append(probe(database, "import", str(rows))[0])
    exports = []
    for who, label in (("coordinator", setup["municipality"]), ("national", "national")):
        say(f"CSV export, {label}")
        exports.append((label, probe(database, "export", who)[0]))
    if args.quick:
        pdf_one = pdf_national = {"seconds": 0.0, "bytes": 0, "peak_mb": 0.0}
    else:
        say("PDF status reports")
        one, one_mb = probe(database, "pdf", setup["slug"])
        national, national_mb = probe(database, "pdf")
        pdf_one = {**one, "peak_mb": one_mb, "http_seconds": pdf_http.get("one")}
        pdf_national = {**national, "peak_mb": national_mb}
    say("reminder sweep")
    reminders, reminders_mb = probe(database, "reminders")
    result = {
        "database": database,
        "prepared": prepared,
        "setup": setup,
        "imports": imports,
        "exports": exports,
        "pdf_one": pdf_one,
        "pdf_national": pdf_national,
        "reminders": {**reminders, "peak_mb": reminders_mb},
        "load_end": os.getloadavg()[0],
    }
    lines = report(result, info, args)
    lines.append(f"\nTotal bench time {time.monotonic() - started:.0f} s.")
    print("\n".join(lines), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "result": result}, indent=1))


if __name__ == "__main__":
    main()
