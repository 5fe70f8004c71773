"""`make bench`: serve the app with gunicorn over county-scale data and measure every target of issue 8.

Usage: .venv/bin/python bench/run.py [--seconds 5] [--clients 1,4] [--data bench/data/county.sqlite3]
                                     [--database-url postgresql://...] [--scale county|national]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, writes  # noqa: E402
from bench.targets import Target, resolve, targets  # noqa: E402

VENV = ROOT / ".venv" / "bin"
PAGE_P50_MS, PAGE_P95_MS, WRITES_PER_S, HOURS_RATIO, PDF_S = 30, 300, 300, 1.5, 2.0
# National scale (PostgreSQL): dashboard and reports under 2 s; list pages no slower than 1.5 x county.
NATIONAL_REPORT_S, NATIONAL_LIST_RATIO = 2.0, 1.5
NATIONAL_REPORT_KINDS = ("hours", "pdf", "report")  # and every dashboard target
NATIONAL_LISTS = ("volunteer list (filtered, paged)", "roster week", "roster week, every shift", "parish portal")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(VENV / "flask"), *args], cwd=ROOT, env={**env, "FLASK_APP": "wsgi:app"}, check=True)


def ensure_data(path: Path, scale: str, env: dict) -> None:
    """Generate the data set once; later runs reuse it (migrated up to the current head)."""
    url = f"sqlite:///{path}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        flask({**env, "DATABASE_URL": f"sqlite:///{partial}"}, "db", "upgrade")
        flask({**env, "DATABASE_URL": f"sqlite:///{partial}"}, "cip", "generate", "--scale", scale)
        partial.rename(path)
    flask({**env, "DATABASE_URL": url}, "db", "upgrade")


def git_commit() -> str:
    """The commit measured (CIP_BENCH_COMMIT when benchmarking an exported snapshot)."""
    if os.environ.get("CIP_BENCH_COMMIT"):
        return os.environ["CIP_BENCH_COMMIT"]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return head.stdout.strip() + ("+dirty" if dirty else "")


def serve(url: str, port: int, workers: int, env: dict) -> subprocess.Popen:
    """gunicorn on 127.0.0.1 with sync workers, as `make run` serves the app."""
    return subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env={**env, "DATABASE_URL": url},
        start_new_session=True,
    )


def bench_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "CIP_ENV": "development",
            "CIP_LOGIN_RATE_LIMIT": "100000 per minute",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-use",
        }
    )
    return env


def prepare(url: str, env: dict, found: list[Target]):
    """In-process: resolve targets, set up the write target, count SQL per request, time the raw aggregate."""
    os.environ.update({k: v for k, v in env.items() if k.startswith(("CIP_", "SECRET"))})
    os.environ["DATABASE_URL"] = url
    from config import DevelopmentConfig
    from core.extensions import db
    from core.factory import create_app
    from core.models import User

    app = create_app(
        type(
            "BenchConfig",
            (DevelopmentConfig,),
            {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False},
        )
    )
    with app.app_context():
        counter = load.QueryCounter(db.engine)
        for target in found:
            resolve(app, target)
            if target.url is None:
                continue
            user = None
            if target.login:
                user = db.session.scalar(db.select(User).where(User.email == f"{target.login}@example.org"))
            if target.kind == "write":
                if not writes.prepare(app, target, user):
                    target.url = None
                    continue
                body = writes.one_body(target)
                target.extra["queries"] = load.queries_per_request(
                    app, counter, None, target.url, "POST", data=body, headers=target.extra["headers"]
                )
            elif target.kind == "pdf":
                target.extra["queries"] = load.queries_per_request(
                    app, counter, user, target.url, "POST", data=target.extra["form"]
                )
            else:
                target.extra["queries"] = load.queries_per_request(app, counter, user, target.url)
            db.session.remove()
        hours = next((t for t in found if t.kind == "hours"), None)
        if hours is not None and hours.url:
            sql, params = writes.hours_aggregate_sql()
            hours.extra["raw_sql_ms"] = load.time_sql(db.engine, sql, params)
        db.session.remove()
        db.engine.dispose()


def measure(
    base: str, found: list[Target], clients: list[int], seconds: float, cookies: dict, server_pgid: int = 0
) -> list[dict]:
    rows = []
    for target in found:
        if target.url is None:
            print(f"  {target.name:<34} not built")
            continue
        headers = dict(target.extra.get("headers", {}))
        if target.login and target.kind != "write":
            headers["Cookie"] = cookies[target.login]
        script, expected = None, 200
        if target.kind == "pdf":
            form = {**target.extra["form"], "csrf_token": load.csrf_token(base + target.url, headers["Cookie"])}
            body = urllib.parse.urlencode(form)
            script, expected = writes.form_post_script(body), 302
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            status, _ = load.probe(base + target.url, headers, "POST", body.encode())
        elif target.kind == "write":
            status, expected = 200, 200
        else:
            status, _ = load.probe(base + target.url, headers)
        if status != expected:
            print(f"  {target.name:<34} answered {status} at {target.url}: not measured")
            continue
        for n in clients:
            if target.kind == "write":
                target.extra["runs"] = len(clients)
                script = writes.lua_script(target, n)
            figures = load.wrk(base + target.url, n, seconds, headers, script, server_pgid)
            rows.append(
                {
                    "target": target.name,
                    "endpoint": target.endpoint,
                    "url": target.url,
                    "clients": n,
                    "queries": target.extra.get("queries", ""),
                    "kind": target.kind,
                    "raw_sql_ms": target.extra.get("raw_sql_ms", ""),
                    **figures,
                }
            )
            print(
                f"  {target.name:<34} c={n}: p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
                f"{figures['rps']:7.1f} req/s  errors {figures['errors']}  "
                f"CPU/req server {figures['server_cpu_ms']:.2f} ms, wrk {figures['wrk_cpu_ms']:.2f} ms",
                flush=True,
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="county", choices=["county", "national"])
    parser.add_argument("--data", type=Path, default=None, help="SQLite data set (generated when missing)")
    parser.add_argument("--database-url", default=None, help="benchmark this database (e.g. PostgreSQL) instead")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", default="1,4")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only",
        default=None,
        help="measure only targets whose name matches this regular expression (plus the floor); "
        "the CSV is then labelled <scale>-partial, so the full run's latest-<scale>-<engine>.csv is left alone",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="PostgreSQL: write into --database-url itself instead of a throw-away copy of it",
    )
    parser.add_argument(
        "--county-csv",
        type=Path,
        default=None,
        help="national scale: the county figures the list pages are compared with (default: the latest county run "
        "on the same engine, so the ratio measures scale alone; the SQLite county run is shown for reference)",
    )
    args = parser.parse_args()
    env = bench_env()
    clients = [int(n) for n in args.clients.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="cip-bench-"))
    if args.database_url:
        engine_name = args.database_url.split(":")[0].split("+")[0]
        flask({**env, "DATABASE_URL": args.database_url}, "db", "upgrade")
        with postgresql_copy(args.database_url, engine_name == "postgresql" and not args.in_place) as url:
            rows, found, load_before = run_load(url, engine_name, args, env, clients)
    else:
        data = args.data or ROOT / "bench" / "data" / f"{args.scale}.sqlite3"
        ensure_data(data, args.scale, env)
        copy = workdir / "bench.sqlite3"  # writes go to a copy: every run starts from the same data
        shutil.copyfile(data, copy)
        url, engine_name = f"sqlite:///{copy}", "sqlite"
        rows, found, load_before = run_load(url, engine_name, args, env, clients)
    verdicts = report(rows, found, args.scale, args.county_csv or county_results(engine_name))
    verdicts.append(
        f"load average before {load_before:.1f}, after {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(other work on the machine slows every figure)"
    )
    path = write_csv(rows, verdicts, engine_name, args.scale + ("-partial" if args.only else ""))
    print(f"Results written to {path.relative_to(ROOT)}")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


def run_load(url: str, engine_name: str, args, env: dict, clients: list[int]):
    """Prepare the targets in-process, serve with gunicorn and measure each with wrk."""
    found = targets()
    if args.only:
        found = [t for t in found if t.kind == "floor" or re.search(args.only, t.name)]
    load_before = os.getloadavg()[0]
    print(f"Preparing targets on {engine_name} ({args.scale}); load average {load_before:.1f} ...", flush=True)
    prepare(url, env, found)
    port = free_port()
    server = serve(url, port, args.workers, env)
    base = f"http://127.0.0.1:{port}"
    try:
        load.wait_until_up(base)
        cookies = {t.login: load.sign_in(base, f"{t.login}@example.org") for t in found if t.login and t.url}
        print(f"Measuring with wrk, {args.seconds:g} s per figure, gunicorn {args.workers} workers on {base}")
        rows = measure(base, found, clients, args.seconds, cookies, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return rows, found, load_before


@contextmanager
def postgresql_copy(url: str, wanted: bool) -> Iterator[str]:
    """A throw-away copy of a PostgreSQL database (CREATE DATABASE ... TEMPLATE ... STRATEGY FILE_COPY), so the
    duties one run logs never reach the next; dropped afterwards. Nothing when not `wanted`."""
    if not wanted:
        yield url
        return
    import sqlalchemy as sa

    original = sa.engine.make_url(url)
    copy_name = f"{original.database}_bench"
    admin = sa.create_engine(original.set(database="postgres"), isolation_level="AUTOCOMMIT")
    started = datetime.now(UTC)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{copy_name}" TEMPLATE "{original.database}" STRATEGY FILE_COPY')
        seconds = (datetime.now(UTC) - started).total_seconds()
        print(f"Benchmarking a copy of {original.database}: {copy_name} (copied in {seconds:.0f} s)", flush=True)
        yield original.set(database=copy_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')
        admin.dispose()


def report(rows: list[dict], found: list[Target], scale: str = "county", county_csv: Path | None = None) -> list[str]:
    """The table with ratios to the floor, then each target met or NOT met (national targets at national scale)."""
    from bench.verdicts import judge, table

    print()
    print(table(rows))
    if scale == "national":
        verdicts = judge_national(rows, found, county_csv)
    else:
        verdicts = judge(rows, found, PAGE_P50_MS, PAGE_P95_MS, WRITES_PER_S, HOURS_RATIO, PDF_S)
    print()
    for line in verdicts:
        print(line)
    return verdicts


def county_results(engine: str) -> Path:
    """The latest full county run on this engine, else on SQLite."""
    results = ROOT / "bench" / "results"
    same = results / f"latest-county-{engine}.csv"
    return same if same.exists() else results / "latest-county-sqlite.csv"


def county_p50(path: Path | None) -> dict[tuple[str, int], float]:
    """(target, clients) -> p50 ms from a county results CSV (empty if there is none)."""
    if path is None or not path.exists():
        return {}
    with path.open(newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return {(r["target"], int(r["clients"])): float(r["p50_ms"]) for r in csv.DictReader(lines)}


def judge_national(rows: list[dict], found: list[Target], county_csv: Path | None) -> list[str]:
    """The national targets: dashboard and reports p95 under 2 s; list pages p50 <= 1.5 x the county p50."""
    out = []
    limit = NATIONAL_REPORT_S * 1000
    for r in rows:
        if r["kind"] in NATIONAL_REPORT_KINDS or "dashboard" in r["target"]:
            if r["clients"] != 1:  # an answer time: judged on one request, the shared-cores figure shown
                out.append(
                    f"(for reference) {r['target']} c={r['clients']}: p50 {r['p50_ms']:.0f} ms, "
                    f"p95 {r['p95_ms']:.0f} ms"
                )
                continue
            met = r["requests"] > 0 and r["p95_ms"] < limit
            out.append(
                f"{'met    ' if met else 'NOT met'}  {r['target']} c={r['clients']}: p50 {r['p50_ms']:.0f} ms, "
                f"p95 {r['p95_ms']:.0f} ms (< {limit:.0f})"
            )
    county = county_p50(county_csv)
    floor = {r["clients"]: r["p50_ms"] for r in rows if r["kind"] == "floor"}
    source = county_csv.name if county_csv else "none"
    for r in rows:
        if r["target"] in NATIONAL_LISTS:
            base = county.get((r["target"], r["clients"]))
            if base is None:
                out.append(f"unknown  {r['target']} c={r['clients']}: no county figure in {source}")
                continue
            budget = NATIONAL_LIST_RATIO * base
            met = r["p50_ms"] <= budget
            # The same ratio with each side divided by its own run's bare-route p50 (a busier machine inflates
            # every figure of a run): shown for reading, the verdict is on the raw figures.
            floors = (floor.get(r["clients"]), county.get(("bare route (floor)", r["clients"])))
            normalised = (r["p50_ms"] / floors[0]) / (base / floors[1]) if all(floors) else None
            out.append(
                f"{'met    ' if met else 'NOT met'}  {r['target']} c={r['clients']}: p50 {r['p50_ms']:.1f} ms vs "
                f"county {base:.1f} ms ({r['p50_ms'] / base:.2f} x, <= {NATIONAL_LIST_RATIO} x = {budget:.1f} ms, "
                f"{source})" + (f"; {normalised:.2f} x in units of each run's floor" if normalised else "")
            )
    embedded = ROOT / "bench" / "results" / "latest-county-sqlite.csv"
    if county_csv != embedded and embedded.exists():
        on_sqlite = county_p50(embedded)
        for r in rows:
            base = on_sqlite.get((r["target"], r["clients"]))
            if r["target"] in NATIONAL_LISTS and base:
                out.append(
                    f"(for reference) {r['target']} c={r['clients']}: {r['p50_ms'] / base:.2f} x county on SQLite "
                    f"({base:.1f} ms, {embedded.name}): the engine's round trips as well as the scale"
                )
    for target in found:
        if target.url is None:
            out.append(f"not built  {target.name}")
    return out


def write_csv(rows: list[dict], verdicts: list[str], engine: str, scale: str) -> Path:
    """bench/results/<UTC time>-<scale>-<engine>.csv and latest-<scale>-<engine>.csv, with the commit measured."""
    commit, stamp = git_commit(), datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    fields = [
        "commit",
        "measured_at",
        "engine",
        "scale",
        "target",
        "endpoint",
        "url",
        "clients",
        "requests",
        "rps",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "max_ms",
        "errors",
        "ratio_p50_to_floor",
        "queries",
        "raw_sql_ms",
        "server_cpu_ms",
        "wrk_cpu_ms",
    ]
    floor = {r["clients"]: r["p50_ms"] for r in rows if r["kind"] == "floor"}
    path = out / f"{stamp}-{scale}-{engine}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            ratio = row["p50_ms"] / floor[row["clients"]] if floor.get(row["clients"]) else ""
            writer.writerow(
                {
                    **row,
                    "commit": commit,
                    "measured_at": stamp,
                    "engine": engine,
                    "scale": scale,
                    "ratio_p50_to_floor": f"{ratio:.1f}" if ratio else "",
                    "rps": f"{row['rps']:.1f}",
                }
            )
        for line in verdicts:
            handle.write(f"# {line}\n")
    shutil.copyfile(path, out / f"latest-{scale}-{engine}.csv")
    return path


if __name__ == "__main__":
    sys.exit(main())
