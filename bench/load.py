"""Driving the served app: signing in over HTTP, wrk runs, and the SQL queries one request makes in-process."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import resource
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from statistics import median

import sqlalchemy as sa
from sqlalchemy import event

BENCH_DIR = Path(__file__).resolve().parent
PASSWORD = "cip-demo-2026"  # noqa: S105 (the published demo password)


def wait_until_up(base: str, timeout: float = 30) -> None:
    """Wait for the served app to answer /healthz."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not come up within {timeout} s")


def sign_in(base: str, email: str) -> str:
    """Sign in through the real form; returns the Cookie header value for the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login", timeout=30).read().decode()  # noqa: S310
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    data = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token.group(1) if token else ""})
    response = opener.open(f"{base}/auth/login", data=data.encode(), timeout=30)  # noqa: S310
    if "/auth/login" in response.geturl():
        raise RuntimeError(f"could not sign in as {email}")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def probe(url: str, headers: dict[str, str], method: str = "GET", body: bytes | None = None) -> tuple[int, str]:
    """One request: its status and content type (no redirects followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            return response.status, response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", "")


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU seconds used so far by the live processes of a process group (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ... utime (11), stime (12)
            total += int(fields[11]) + int(fields[12])
    return total / tick


def wrk(
    url: str, clients: int, seconds: float, headers: dict[str, str], script: Path | None = None, server_pgid: int = 0
) -> dict:
    """Run wrk with `clients` connections (one thread each) and return its figures.

    With ``server_pgid``, also the CPU time the server's processes and wrk itself used per request:
    unlike latency, it hardly moves when other work shares the machine.
    """
    command = [
        "wrk",
        f"-t{clients}",
        f"-c{clients}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script or BENCH_DIR / "report.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    server_before = group_cpu_seconds(server_pgid) if server_pgid else 0.0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = group_cpu_seconds(server_pgid) - server_before if server_pgid else 0.0
    wrk_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    seconds_run = figures["duration_us"] / 1e6
    return {
        "requests": figures["requests"],
        "rps": figures["requests"] / seconds_run if seconds_run else 0.0,
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "errors": figures["status_errors"] + figures["socket_errors"],
        "server_cpu_ms": round(server_cpu * 1000 / figures["requests"], 2) if figures["requests"] else 0.0,
        "wrk_cpu_ms": round(wrk_cpu * 1000 / figures["requests"], 2) if figures["requests"] else 0.0,
    }


class QueryCounter:
    """Counts the SQL statements the app's engine executes."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args, **kwargs) -> None:
        self.count += 1


def queries_per_request(app, counter: QueryCounter, user, path: str, method: str = "GET", **kwargs) -> int:
    """SQL statements one request makes (after a warm-up request), through the Flask test client."""
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    if method == "GET":
        client.get(path)
    counter.count = 0
    client.open(path, method=method, **kwargs)
    return counter.count


def time_sql(engine, sql: str, params: dict, runs: int = 7) -> float:
    """Median wall time in ms of one raw SQL statement, fetched in full."""
    timings = []
    with engine.connect() as conn:
        for _ in range(runs):
            started = time.perf_counter()
            conn.execute(sa.text(sql), params).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return median(timings)


def csrf_token(url: str, cookie: str) -> str:
    """The CSRF token of the form at `url`, for the signed-in session in `cookie`."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        page = response.read().decode()
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page
    )
    return match.group(1) if match else ""
