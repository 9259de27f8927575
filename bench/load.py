"""A small HTTP load generator (http.client and threads, nothing to install).

Each of ``concurrency`` threads sends GET requests one after another for
``duration`` seconds (after a short warm-up that is not counted) and records
the client-side latency and the server's own time (the Server-Timing header
added by bench.middleware). Each client keeps the cookies it is sent, as a
browser does. Loopback only.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie

SERVER_TIMING = re.compile(r"dur=([0-9.]+)")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latency_ms: list[float]
    server_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "rps": self.rps,
            "latency_p50": percentile(self.latency_ms, 0.50),
            "latency_p95": percentile(self.latency_ms, 0.95),
            "server_p50": percentile(self.server_ms, 0.50),
            "server_p95": percentile(self.server_ms, 0.95),
        }


def run_load(
    *,
    host: str,
    port: int,
    path: str,
    cookies: list[str],
    cookie_name: str = "sessionid",
    concurrency: int = 10,
    duration: float = 5.0,
    warmup: float = 0.5,
) -> LoadResult:
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("The load generator only targets loopback.")
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + duration
    lock = threading.Lock()
    latencies: list[float] = []
    server: list[float] = []
    errors = [0]

    def worker(index: int) -> None:
        headers = {"Host": f"{host}:{port}", "User-Agent": "narkoen-bench"}
        # Like a browser, each client keeps the cookies it is given (e.g. csrftoken).
        jar = {cookie_name: cookies[index % len(cookies)]} if cookies else {}
        connection = None
        mine_lat, mine_server, mine_errors = [], [], 0
        while True:
            sent = time.perf_counter()
            if sent >= stop_at:
                break
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=60)
                if jar:
                    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        jar[name] = morsel.value
                ok = response.status == 200
                timing = response.getheader("Server-Timing") or ""
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                ok, timing = False, ""
                if connection is not None:
                    connection.close()
                connection = None
            done = time.perf_counter()
            # Counted: the requests that complete inside the window (slow pages would
            # otherwise count only those that start and end in it).
            if not measure_from <= done <= stop_at:
                continue
            if not ok:
                mine_errors += 1
                continue
            mine_lat.append((done - sent) * 1000)
            match = SERVER_TIMING.search(timing)
            if match:
                mine_server.append(float(match.group(1)))
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine_lat)
            server.extend(mine_server)
            errors[0] += mine_errors

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + warmup + 120)
    return LoadResult(
        requests=len(latencies),
        errors=errors[0],
        seconds=duration,
        latency_ms=latencies,
        server_ms=server,
    )
