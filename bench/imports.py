"""`make bench` (imports, issue 14): import throughput on county data and the longest web request meanwhile.

1. In-process, on a copy of the county data set: a 30,000-row volunteer file and a 20,000-row duty file,
   each checked (dry run) and then imported (every row or none), printing rows/s and CPU ms.
2. Served: gunicorn (2 sync workers) and the worker (`flask scheduler run`) on another copy; a coordinator
   uploads each file through the import page while a client keeps requesting pages, a small write and the
   job's progress page; the longest request is printed (target < 2 s), with the upload's own time.

Usage: .venv/bin/python bench/imports.py [--data bench/data/county.sqlite3] [--volunteers 30000] [--duties 20000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import VENV, bench_env, ensure_data, free_port, git_commit, serve  # noqa: E402

VOLUNTEER_ROWS_S, DUTY_ROWS_S, LONGEST_REQUEST_S = 2_000, 5_000, 2.0
TODAY = date.today()


def _app(url: str):
    from config import DevelopmentConfig
    from core.factory import create_app

    return create_app(type("ImportBench", (DevelopmentConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


def volunteer_csv(url: str, rows: int, tag: str) -> bytes:
    """Volunteers of every kind the county has places for (a tenth of them leavers), unique names and emails."""
    import sqlalchemy as sa

    from core.extensions import db
    from core.models import District
    from schemes.models import CadetUnit
    from volunteers.imports import VOLUNTEER_HEADERS
    from volunteers.models import Rank, VolunteerRoleType

    app = _app(url)
    with app.app_context():
        districts = list(db.session.scalars(sa.select(District.name)))
        ranks = list(db.session.scalars(sa.select(Rank.name)))
        units = list(db.session.scalars(sa.select(CadetUnit.name)))
        roles = list(db.session.scalars(sa.select(VolunteerRoleType.name).where(VolunteerRoleType.minimum_age <= 18)))
        db.session.remove()
    pick = random.Random(14)  # noqa: S311 (benchmark data, not secrets)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VOLUNTEER_HEADERS, lineterminator="\r\n")
    writer.writeheader()
    for i in range(rows):
        kind = ("special", "special", "special", "active_citizen", "cadet", "cadet_leader")[i % 6]
        joined = TODAY - timedelta(days=30 + pick.randrange(2000))
        born = joined - timedelta(days=365 * (14 if kind == "cadet" else 25 + pick.randrange(30)))
        row = {
            "kind": kind,
            "first_name": f"Bench{tag}{i}",
            "last_name": f"Importer{i % 997}",
            "email": f"bench-{tag}-{i}@example.org",
            "phone": "01245 000000",
            "date_of_birth": born.isoformat(),
            "district": pick.choice(districts),
            "joined_on": joined.isoformat(),
        }
        if kind != "cadet" and i % 10 == 0:
            row |= {"left_on": (joined + timedelta(days=20)).isoformat(), "leave_reason": "Moved away"}
        if kind == "special":
            row |= {"rank": pick.choice(ranks), "stage": "qualified"}
        elif kind in ("cadet", "cadet_leader"):
            row |= {"cadet_unit": pick.choice(units)}
            if kind == "cadet":
                row |= {"guardian_name": "Pat Parent", "joined_on": (TODAY - timedelta(days=30)).isoformat()}
                row["date_of_birth"] = (TODAY - timedelta(days=365 * 14)).isoformat()
        else:
            row |= {"role_type": pick.choice(roles)}
        writer.writerow(row)
    return out.getvalue().encode()


def duty_csv(url: str, rows: int, first_hour: int) -> bytes:
    """Duties of active volunteers in the hour the generated data leave free (06:00-07:00), one per person a day."""
    import sqlalchemy as sa

    from core.extensions import db
    from volunteers.models import Volunteer, VolunteerStatus

    app = _app(url)
    with app.app_context():
        people = list(
            db.session.scalars(
                sa.select(Volunteer.id)
                .where(Volunteer.status == VolunteerStatus.ACTIVE, Volunteer.joined_on < TODAY - timedelta(days=400))
                .order_by(Volunteer.id)
            )
        )
        db.session.remove()
    out = io.StringIO()
    out.write("volunteer,date,start,end,type,district,esp,notes\r\n")
    for i in range(rows):
        day = TODAY - timedelta(days=2 + i // len(people))
        start = f"{first_hour:02d}:00"
        out.write(f"{people[i % len(people)]},{day.isoformat()},{start},{first_hour:02d}:25,patrol,,no,bench\r\n")
    return out.getvalue().encode()


def in_process(url: str, volunteers: bytes, duties: bytes) -> list[tuple[str, int, float, float]]:
    """Dry run and import of each file in this process: (what, rows, seconds, CPU seconds)."""
    import sqlalchemy as sa

    from core.audit import acting_for
    from core.extensions import db
    from core.models import User
    from scheduling.duties.importer import import_duties
    from volunteers.imports import import_volunteers

    app = _app(url)
    figures = []
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "coordinator@example.org"))
        db.session.expunge(user)
        db.session.rollback()
        with acting_for(user.id, user.email):
            for dry in (True, False):
                wall, cpu = time.perf_counter(), time.process_time()
                report = import_volunteers(volunteers, dry_run=dry, today=TODAY, by=user.id)
                assert report.ok, (report.fatal, report.errors[:3])
                figures.append(
                    (
                        f"volunteers {'check' if dry else 'import'}",
                        report.rows,
                        time.perf_counter() - wall,
                        time.process_time() - cpu,
                    )
                )
                db.session.rollback()
            for dry in (True, False):
                wall, cpu = time.perf_counter(), time.process_time()
                result = import_duties(duties, user, dry_run=dry)
                assert result.ok, (result.file_error, result.errors[:3])
                db.session.commit() if not dry else db.session.rollback()
                figures.append(
                    (
                        f"duties {'check' if dry else 'import'}",
                        result.rows,
                        time.perf_counter() - wall,
                        time.process_time() - cpu,
                    )
                )
        from scheduling.hours import ledger

        assert ledger.differences(db.session) == [], "the hours ledger is wrong after the duty import"
        db.session.remove()
    return figures


def _multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, str]:
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(
        {**fields, "file": FileStorage(io.BytesIO(data), filename, content_type="text/csv")}
    )
    return body, f"multipart/form-data; boundary={boundary}"


def _timed(url: str, cookie: str, method: str = "GET", body: bytes | None = None, ctype: str | None = None):
    headers = {"Cookie": cookie}
    if ctype:
        headers["Content-Type"] = ctype
    started = time.perf_counter()
    status, _ = load.probe(url, headers, method, body)
    return status, time.perf_counter() - started


def served(url: str, env: dict, volunteers: bytes, duties: bytes) -> list[tuple[str, float, float, int, float]]:
    """Upload each file through the page while requests keep coming: (what, upload s, longest s, requests, job s)."""
    port = free_port()
    server = serve(url, port, 2, env)
    worker = subprocess.Popen(
        [str(VENV / "flask"), "scheduler", "run"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": url, "FLASK_APP": "wsgi:app", "CIP_SCHEDULES": "{}"},
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    results = []
    try:
        load.wait_until_up(base)
        cookie = load.sign_in(base, "coordinator@example.org")
        for what, path, data, fields in (
            ("volunteers", "/volunteers/import", volunteers, {"run": "y"}),
            ("duties", "/scheduling/duties/import", duties, {"mode": "import"}),
        ):
            body, ctype = _multipart(
                {"csrf_token": load.csrf_token(base + path, cookie), **fields}, f"{what}.csv", data
            )
            request = urllib.request.Request(base + path, data=body, headers={"Cookie": cookie, "Content-Type": ctype})  # noqa: S310 (127.0.0.1)
            started = time.perf_counter()
            location = _post_no_redirect(request)
            upload_s = time.perf_counter() - started
            job_url = base + location
            longest, count, done = upload_s, 0, threading.Event()
            note = load.csrf_token(base + "/notices/", cookie)
            read_body = f"csrf_token={note}".encode()
            job_started = time.perf_counter()
            while not done.is_set():
                for target, method, payload, kind in (
                    (job_url, "GET", None, None),
                    (base + "/volunteers/?status=all", "GET", None, None),
                    (base + "/notices/read", "POST", read_body, "application/x-www-form-urlencoded"),
                ):
                    status, seconds = _timed(target, cookie, method, payload, kind)
                    longest, count = max(longest, seconds), count + 1
                    assert status < 500, f"{target} answered {status} during the import"
                page = urllib.request.urlopen(urllib.request.Request(job_url, headers={"Cookie": cookie}), timeout=60)  # noqa: S310
                text = page.read().decode()
                if re.search(r'id="job-state">\s*(Done|Failed)', text):
                    assert "rows imported" in text, f"the {what} import did not finish: {text[-400:]}"
                    done.set()
                time.sleep(0.05)
            results.append((what, upload_s, longest, count, time.perf_counter() - job_started))
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
    return results


def _post_no_redirect(request) -> str:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=60)  # noqa: S310
    except urllib.error.HTTPError as answer:
        if answer.code in (302, 303):
            return answer.headers["Location"]
        raise
    raise RuntimeError("the import page did not redirect to the job's progress page")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT / "bench" / "data" / "county.sqlite3")
    parser.add_argument("--volunteers", type=int, default=30_000)
    parser.add_argument("--duties", type=int, default=20_000)
    args = parser.parse_args()
    env = bench_env()
    os.environ.update({k: v for k, v in env.items() if k.startswith(("CIP_", "SECRET"))})
    ensure_data(args.data, "county", env)
    workdir = Path(tempfile.mkdtemp(prefix="cip-bench-imports-"))
    verdicts = []
    try:
        copy = workdir / "imports.sqlite3"
        shutil.copyfile(args.data, copy)
        url = f"sqlite:///{copy}"
        print(f"Import throughput on a copy of {args.data.name} (commit {git_commit()}) ...", flush=True)
        figures = in_process(url, volunteer_csv(url, args.volunteers, "a"), duty_csv(url, args.duties, 6))
        for what, rows, seconds, cpu in figures:
            print(
                f"  {what:<20} {rows:>7,} rows in {seconds:6.2f} s: {rows / seconds:8,.0f} rows/s, "
                f"CPU {cpu * 1000:8,.0f} ms ({cpu * 1e6 / rows:.0f} us a row)"
            )
        rates = {what: rows / seconds for what, rows, seconds, _cpu in figures}
        for what, target in (("volunteers import", VOLUNTEER_ROWS_S), ("duties import", DUTY_ROWS_S)):
            met = rates[what] >= target
            verdicts.append(f"{what}: {rates[what]:,.0f} rows/s (target >= {target:,}) {'met' if met else 'NOT met'}")
        served_copy = workdir / "served.sqlite3"
        shutil.copyfile(args.data, served_copy)
        served_url = f"sqlite:///{served_copy}"
        print("Imports through the web and the worker, with requests meanwhile ...", flush=True)
        for what, upload_s, longest, count, job_s in served(
            served_url, env, volunteer_csv(served_url, args.volunteers, "b"), duty_csv(served_url, args.duties, 6)
        ):
            print(
                f"  {what:<20} upload answered in {upload_s * 1000:.0f} ms; job done in {job_s:.1f} s; "
                f"longest of {count} requests meanwhile {longest * 1000:.0f} ms"
            )
            met = longest < LONGEST_REQUEST_S
            verdicts.append(
                f"longest request during the {what} import: {longest:.2f} s (< 2 s) {'met' if met else 'NOT met'}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for line in verdicts:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
