"""Races through gunicorn on SQLite and PostgreSQL: simultaneous identical duties, staff logging duties in
parallel, and sign-ups racing for a shift's last places. Each leaves exactly the rows it should, no 5xx."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.stress.harness import ROOT, Server, free_port, make_app, slot

ROUNDS, SAME_POSTS = 10, 20  # 20 identical duty posts at once, ten times
STAFF_POSTS, STAFF_PEOPLE, STAFF_CLIENTS = 200, 5, 50  # 200 staff-logged duties for five people, 50 at a time
SIGNUP_PEOPLE, PLACES = 30, 5  # thirty people race for a shift's five places
CLASHERS = 10  # ten people each sign up to two overlapping shifts at once


def send(base: str, path: str, token: str, body: dict | None = None) -> int:
    """POST JSON with a Bearer token; the HTTP status (a connection error counts as 599)."""
    request = urllib.request.Request(  # noqa: S310 (127.0.0.1 only)
        base + path,
        data=json.dumps(body or {}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 599


def all_at_once(count: int, call: Callable[[int], int]) -> Counter:
    """Run ``call(n)`` for n in range(count) in as many threads, released together; the statuses counted."""
    barrier = threading.Barrier(count)

    def one(n: int) -> int:
        barrier.wait()
        return call(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return Counter(pool.map(one, range(count)))


def build(url: str) -> dict:
    """A migrated database with Specials (volunteer logins and tokens), a coordinator and a shift."""
    import flask_migrate

    from bench.writes import _issue_token
    from core.extensions import db
    from core.models import Role
    from tests import factories as f

    app = make_app(url)
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        flask_migrate.upgrade()
        people = [f.SpecialFactory().volunteer for _ in range(SIGNUP_PEOPLE)]
        users = [f.UserFactory(role=Role.VOLUNTEER, volunteer=v) for v in people]
        staff = f.UserFactory(role=Role.COORDINATOR)
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
        # A and B on their own days; C and D overlap each other on a third day.
        shifts = [
            f.ShiftFactory(
                places=PLACES,
                starts_at=starts + timedelta(days=d, hours=h),
                ends_at=starts + timedelta(days=d, hours=h + 4),
            )
            for d, h in ((0, 0), (1, 0), (2, 0), (2, 2))
        ]
        db.session.commit()
        built = {
            "people": [v.id for v in people],
            "tokens": [_issue_token(u) for u in users],
            "staff_token": _issue_token(staff),
            "shifts": [s.id for s in shifts],
        }
        db.session.remove()
        db.engine.dispose()
    return built


def query(url: str, sql: str, **params) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(sa.text(sql), params)]
    finally:
        engine.dispose()


def overlapping_pairs(url: str) -> int:
    """Pairs of duties of one volunteer, neither rejected, whose times overlap."""
    return query(
        url,
        "SELECT COUNT(*) FROM duties a JOIN duties b ON a.volunteer_id = b.volunteer_id AND a.id < b.id "
        "WHERE a.status != 'rejected' AND b.status != 'rejected' "
        "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at",
    )[0][0]


def ledger_differences(url: str) -> list:
    from core.extensions import db
    from scheduling.hours import ledger

    app = make_app(url)
    with app.app_context():
        found = ledger.differences(db.session)
        db.session.remove()
        db.engine.dispose()
    return found


def run_races(url: str, log: Path, record) -> None:
    built = build(url)
    server = Server(url, workers=4, log=log).start()
    figures: dict[str, object] = {}
    try:
        # 1. One volunteer posts the same duty 20 times at once, in ten rounds: one row a round.
        volunteer, token = built["people"][0], built["tokens"][0]
        same = Counter()
        for round_no in range(ROUNDS):
            day, start, end = slot(round_no)
            body = {"date": day.isoformat(), "start": start, "end": end, "type": "patrol", "place": "Race"}
            same += all_at_once(SAME_POSTS, lambda _n, body=body: send(server.base, "/api/v1/duties", token, body))
        figures["same_duty_statuses"] = dict(same)
        same_rows = query(url, "SELECT COUNT(*) FROM duties WHERE volunteer_id = :v", v=volunteer)[0][0]
        figures["same_duty_rows"] = same_rows
        figures["same_duty_rounds_with_extra_rows"] = len(
            query(
                url,
                "SELECT starts_at FROM duties WHERE volunteer_id = :v GROUP BY starts_at HAVING COUNT(*) > 1",
                v=volunteer,
            )
        )

        # 2. A coordinator logs 200 distinct duties (approved at once) for five people, 50 at a time.
        staff_people = built["people"][1 : 1 + STAFF_PEOPLE]
        jobs = [(staff_people[n % STAFF_PEOPLE], slot(n // STAFF_PEOPLE)) for n in range(STAFF_POSTS)]

        def staff_post(n: int) -> int:
            person, (day, start, end) = jobs[n]
            body = {"volunteer_id": person, "date": day.isoformat(), "start": start, "end": end, "type": "patrol"}
            return send(server.base, "/api/v1/duties", built["staff_token"], body)

        with ThreadPoolExecutor(max_workers=STAFF_CLIENTS) as pool:
            staff = Counter(pool.map(staff_post, range(STAFF_POSTS)))
        figures["staff_statuses"] = dict(staff)
        staff_rows = query(  # only the five have duties besides the first volunteer
            url, "SELECT COUNT(*) FROM duties WHERE status = 'approved' AND volunteer_id != :v", v=volunteer
        )[0][0]
        figures["staff_rows"] = staff_rows

        # 3. Thirty people sign up to a five-place shift at once; one person twenty times at once to another
        #    shift; ten people each to two overlapping shifts at once.
        first, second, left, right = built["shifts"]
        tokens = built["tokens"]
        signups = all_at_once(SIGNUP_PEOPLE, lambda n: send(server.base, f"/api/v1/shifts/{first}/signup", tokens[n]))
        figures["signup_statuses"] = dict(signups)
        repeat = all_at_once(SAME_POSTS, lambda _n: send(server.base, f"/api/v1/shifts/{second}/signup", tokens[0]))
        figures["repeat_signup_statuses"] = dict(repeat)
        clash = all_at_once(
            2 * CLASHERS,
            lambda n: send(server.base, f"/api/v1/shifts/{(left, right)[n % 2]}/signup", tokens[n // 2]),
        )
        figures["clash_signup_statuses"] = dict(clash)
    finally:
        server.stop()

    signup_rows = dict(
        query(url, "SELECT status, COUNT(*) FROM shift_signups WHERE shift_id = :s GROUP BY status", s=first)
    )
    repeat_rows = query(url, "SELECT COUNT(*) FROM shift_signups WHERE shift_id = :s", s=second)[0][0]
    clash_rows = query(
        url,
        "SELECT volunteer_id, COUNT(*) FROM shift_signups WHERE shift_id IN (:a, :b) AND status != 'withdrawn' "
        "GROUP BY volunteer_id",
        a=left,
        b=right,
    )
    figures.update(
        signup_rows=signup_rows,
        repeat_signup_rows=repeat_rows,
        clash_signup_people_booked_twice=sum(1 for _v, n in clash_rows if n > 1),
        overlapping_pairs=overlapping_pairs(url),
        ledger_differences=len(ledger_differences(url)),
        retried_transactions=log.read_text(errors="replace").count("transaction retried"),  # core/transactions.py
    )
    for name, value in figures.items():
        record(name, value)
    print(figures)

    statuses = same + staff + signups + repeat + clash
    assert not [s for s in statuses if s >= 500], f"server errors: {figures}"
    assert same_rows == ROUNDS, figures
    assert same == Counter({201: ROUNDS, 422: ROUNDS * (SAME_POSTS - 1)}), figures
    assert staff == Counter({201: STAFF_POSTS}), figures
    assert staff_rows == STAFF_POSTS, figures
    assert figures["overlapping_pairs"] == 0, figures
    assert figures["ledger_differences"] == 0, figures
    assert signups == Counter({201: SIGNUP_PEOPLE}), figures  # five places, the rest on the waiting list
    assert signup_rows == {"confirmed": PLACES, "waiting": SIGNUP_PEOPLE - PLACES}, figures
    assert repeat == Counter({201: 1, 422: SAME_POSTS - 1}), figures
    assert repeat_rows == 1, figures
    assert clash == Counter({201: CLASHERS, 422: CLASHERS}), figures
    assert len(clash_rows) == CLASHERS and figures["clash_signup_people_booked_twice"] == 0, figures


@contextmanager
def postgresql_cluster() -> Iterator[str]:
    """A throw-away PostgreSQL cluster (scripts/pg-test-cluster.sh); its URL."""
    cluster = Path(tempfile.mkdtemp(prefix="cip-stress-pg-"))
    cluster.chmod(0o755)  # the postgres account must reach it (pytest's tmp dirs are private)
    script = str(ROOT / "scripts" / "pg-test-cluster.sh")
    url = subprocess.run(
        [script, "start", str(cluster / "cluster"), str(free_port())], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([script, "stop", str(cluster / "cluster")], check=False)
        shutil.rmtree(cluster, ignore_errors=True)


@pytest.mark.slow
def test_races_on_sqlite(tmp_path, record_property):
    run_races(f"sqlite:///{tmp_path / 'races.sqlite3'}", tmp_path / "gunicorn.log", record_property)


@pytest.mark.slow
def test_races_on_postgresql(tmp_path, record_property):
    with postgresql_cluster() as url:
        run_races(url, tmp_path / "gunicorn.log", record_property)
