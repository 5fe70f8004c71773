"""Two app servers (gunicorn on two ports, each with its own instance folder) and one scheduler process on one
PostgreSQL, with clients alternating between the servers: sessions, stored reports, kept values, the dashboard,
"Recalculate", the sign-in limits and a server killed mid-write."""

from __future__ import annotations

import http.client
import io
import os
import re
import signal
import threading
import time
import urllib.error
from datetime import date, timedelta
from itertools import cycle
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from tests.stress.cluster import Browser, files_under, flask_command, postgresql, start_servers
from tests.stress.harness import ACKNOWLEDGED, PASSWORD, Poster, api_url, build_database, local_start, make_app, slot

PEOPLE = 12
COORDINATOR = "coordinator@example.org"


def _yesterday() -> date:
    return date.today() - timedelta(days=1)


def _add_coordinator(url: str) -> None:
    from core.extensions import db
    from core.models import Role
    from tests import factories as f

    app = make_app(url)
    with app.app_context():
        f.UserFactory(role=Role.COORDINATOR, email=COORDINATOR)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    home = tmp_path_factory.mktemp("two-servers")
    with postgresql() as url:
        accounts = build_database(url, PEOPLE)
        _add_coordinator(url)
        a, b = start_servers(url, home)
        scheduler = flask_command(url, "scheduler", "run", home=home)
        try:
            yield SimpleNamespace(url=url, home=home, a=a, b=b, accounts=accounts, scheduler=scheduler)
        finally:
            if scheduler.poll() is None:
                os.killpg(scheduler.pid, signal.SIGTERM)
                scheduler.wait(timeout=30)
            a.stop()
            b.stop()


def _coordinator(cluster) -> Browser:
    browser = Browser()
    assert browser.sign_in(cluster.a.base, COORDINATOR, PASSWORD) == 302
    return browser


def _number(pattern: str, html: str) -> int:
    match = re.search(pattern, html)
    assert match, f"{pattern!r} not on the page"
    return int(match.group(1).replace(",", ""))


@pytest.mark.slow
def test_a_session_from_one_server_works_on_the_other(cluster):
    browser = _coordinator(cluster)  # signed in on A
    status, html = browser.get(cluster.b.base, "/volunteers/")
    assert status == 200 and "volunteers</caption>" in html
    assert Browser().get(cluster.b.base, "/volunteers/")[0] == 302  # without the session: to the sign-in page
    # A form whose token came from A is accepted by B; signing out on B ends the session on A too.
    status, _html, _headers = browser.post(
        cluster.b.base, "/auth/logout", {}, form_base=cluster.a.base, form_path="/volunteers/"
    )
    assert status == 302
    assert browser.get(cluster.a.base, "/volunteers/")[0] == 302
    assert cluster.scheduler.poll() is None, "the scheduler process stopped"


def _download(browser: Browser, base: str, run_id: int) -> tuple[bytes, dict]:
    status, body, headers = browser.request(base, f"/scheduling/jobs/{run_id}/download")
    assert status == 200, f"run {run_id} from {base}: {status}"
    assert headers["Content-Type"] == "application/pdf"
    return body, headers


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def _run_ids(browser: Browser, base: str) -> set[int]:
    status, html = browser.get(base, "/scheduling/reports")
    assert status == 200
    return {int(n) for n in re.findall(r"/scheduling/jobs/(\d+)/download", html)}


@pytest.mark.slow
def test_a_report_made_on_one_server_downloads_from_the_other(cluster):
    browser = _coordinator(cluster)
    form = {"job": "hours_monthly", "start": "2026-07-01", "end": "2026-09-30"}
    status, _body, headers = browser.post(cluster.a.base, "/scheduling/reports", form)
    assert status == 302
    # The worker makes it; its progress page, watched on the other server, links to the PDF once it is made.
    progress = urlsplit(headers["Location"]).path
    deadline = time.monotonic() + 120
    while "Report made" not in (page := browser.get(cluster.b.base, progress)[1]):
        assert time.monotonic() < deadline, "the worker did not make the report in 2 minutes"
        time.sleep(0.5)
    (made,) = {int(n) for n in re.findall(r"/scheduling/jobs/(\d+)/download", page)}
    assert made in _run_ids(browser, cluster.b.base)  # listed with the reports made so far, on the other server
    body, _headers = _download(browser, cluster.b.base, made)
    assert "Hours report" in _pdf_text(body) and "1 July 2026 to 30 September 2026" in _pdf_text(body)
    # A report made by another process (a one-off job, as the scheduler makes them) downloads from both servers.
    before = _run_ids(browser, cluster.a.base)
    # A past period's run (the scheduler's catch-up has already made this month's, which run-job would skip).
    job = flask_command(
        cluster.url, "scheduler", "run-job", "pipeline_monthly", "--today", "2025-06-01", home=cluster.home
    )
    assert job.wait(timeout=120) == 0
    (run_id,) = _run_ids(browser, cluster.a.base) - before
    from_a, headers_a = _download(browser, cluster.a.base, run_id)
    from_b, headers_b = _download(browser, cluster.b.base, run_id)
    assert from_a == from_b and headers_a["ETag"] == headers_b["ETag"]
    assert "Recruitment pipeline report" in _pdf_text(from_a)
    for name in ("instance-a", "instance-b", "instance-worker"):
        assert files_under(cluster.home / name) == [], f"{name}: files written to a server's own disk"


VOLUNTEERS = r"([\d,]+) volunteers?</caption>"
SPECIALS = r"([\d,]+) Special Constables?,"


def _all_views(browser: Browser, base: str, path: str, pattern: str, views: int = 8) -> set[int]:
    """What every view shows (several views reach every worker of the server)."""
    seen = set()
    for _ in range(views):
        status, html = browser.get(base, path)
        assert status == 200
        seen.add(_number(pattern, html))
    return seen


@pytest.mark.slow
def test_a_change_on_one_server_is_seen_at_once_on_the_other(cluster):
    browser = _coordinator(cluster)
    active = "/volunteers/?status=active"
    (listed,) = _all_views(browser, cluster.b.base, active, VOLUNTEERS)
    (specials,) = _all_views(browser, cluster.b.base, "/dashboard/", SPECIALS)
    leaver = cluster.accounts[0].volunteer_id
    form = {"left_on": _yesterday().isoformat(), "reason": "Moved away"}
    status, html, _headers = browser.post(cluster.a.base, f"/volunteers/{leaver}/leave", form)
    assert status == 302, html[:2000]
    assert _all_views(browser, cluster.b.base, active, VOLUNTEERS) == {listed - 1}  # kept values
    assert _all_views(browser, cluster.b.base, "/dashboard/", SPECIALS) == {specials - 1}  # the dashboard


@pytest.mark.slow
def test_recalculate_takes_effect_on_every_server(cluster):
    browser = _coordinator(cluster)
    (specials,) = _all_views(browser, cluster.b.base, "/dashboard/", SPECIALS)
    # A change made outside the app (no data version renewed): the servers keep the figures they calculated.
    engine = sa.create_engine(cluster.url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE programme_memberships SET ended_on = :day WHERE volunteer_id = :vid AND ended_on IS NULL"),
            {"day": _yesterday(), "vid": cluster.accounts[1].volunteer_id},
        )
    engine.dispose()
    kept = _all_views(browser, cluster.b.base, "/dashboard/", SPECIALS, views=4)
    assert specials in kept, "the dashboard was not kept at all"
    # "Recalculate" on A: every process of B calculates afresh on its next view.
    status, html = browser.get(cluster.a.base, "/dashboard/?fresh=1")
    assert status == 200 and _number(SPECIALS, html) == specials - 1
    assert _all_views(browser, cluster.b.base, "/dashboard/", SPECIALS) == {specials - 1}
    assert _all_views(browser, cluster.a.base, "/dashboard/", SPECIALS) == {specials - 1}


@pytest.mark.slow
def test_an_account_locked_on_one_server_is_locked_on_the_other(cluster):
    email = cluster.accounts[5].email
    for base, _ in zip(cycle([cluster.a.base, cluster.b.base]), range(5), strict=False):
        assert Browser().sign_in(base, email, "wrong password") == 200
    assert Browser().sign_in(cluster.a.base, email, PASSWORD) == 429
    assert Browser().sign_in(cluster.b.base, email, PASSWORD) == 429


def _forget_failed_sign_ins(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM login_attempts")
    engine.dispose()


@pytest.mark.slow
def test_the_sign_in_failure_limit_per_address_counts_across_both_servers(cluster, tmp_path):
    """The per-address limit on failed sign-ins is counted in the database, so it is one count for the whole
    service: with 6 allowed, 12 wrong passwords for 12 different accounts from one address, alternating
    between the servers, are answered 6 times with the form and then refused (429) on both servers, not 6
    per server. (Flask-Limiter's request-rate limit keeps its counts where CIP_RATELIMIT_STORAGE_URI says:
    per process with the default memory storage, shared with a Redis URL.)"""
    _forget_failed_sign_ins(cluster.url)  # the tests before this one failed sign-ins from this address too
    a, b = start_servers(
        cluster.url, tmp_path, workers=1, CIP_LOGIN_MAX_FAILURES_PER_ADDRESS="6", CIP_LOGIN_RATE_LIMIT="100 per minute"
    )
    try:
        emails = [f"nobody-{n}@example.org" for n in range(12)]
        answers = [
            Browser().sign_in(base, email, "wrong password") for base, email in zip(cycle([a.base, b.base]), emails)
        ]
    finally:
        a.stop()
        b.stop()
    assert answers[:6] == [200] * 6, answers
    assert answers[6:] == [429] * 6, f"failed sign-ins let through from one address across two servers: {answers}"


class Writer(threading.Thread):
    """Logs duties alternately through server A and server B; remembers the slots acknowledged."""

    def __init__(self, posters: list[Poster], first_slot: int):
        super().__init__(daemon=True)
        self.posters, self.n = posters, first_slot
        self.acked: list[tuple] = []
        self.errors_5xx = 0
        self.stop = threading.Event()

    def run(self) -> None:
        for poster in cycle(self.posters):
            if self.stop.is_set():
                return
            day, start, end = slot(self.n)
            self.n += 1
            try:
                status = poster.post(day, start, end)
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                continue  # that server died mid-request: not acknowledged
            if status in ACKNOWLEDGED:
                self.acked.append((poster.account.volunteer_id, local_start(day, start)))
            elif status >= 500:
                self.errors_5xx += 1


@pytest.mark.slow
def test_killing_one_server_mid_write_loses_no_acknowledged_write(cluster, tmp_path, record_property):
    a, b = start_servers(cluster.url, tmp_path)
    api_path = api_url(make_app(cluster.url))
    writers = []
    try:
        for account in cluster.accounts[7:]:
            posters = [Poster(a.base, account, api_path), Poster(b.base, account, api_path)]
            for poster in posters:
                poster.sign_in()
            writers.append(Writer(posters, 0))  # slots are per person: every writer may start at the first
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 60
        while sum(len(w.acked) for w in writers) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        a.kill9()  # mid-write: requests to A are in flight
        acked_at_kill = sum(len(w.acked) for w in writers)
        time.sleep(2)  # B goes on serving
    finally:
        for writer in writers:
            writer.stop.set()
        for writer in writers:
            writer.join(timeout=70)
        a.stop()
        b.stop()
    acknowledged = [key for writer in writers for key in writer.acked]
    assert len(acknowledged) > acked_at_kill, "server B acknowledged nothing after A was killed"
    assert all(writer.errors_5xx == 0 for writer in writers)
    engine = sa.create_engine(cluster.url)
    with engine.connect() as conn:
        stored = set(conn.execute(sa.text("SELECT volunteer_id, starts_at FROM duties")).all())
    engine.dispose()
    missing = [key for key in acknowledged if key not in stored]
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {missing[:3]}"
    record_property("acknowledged_writes", len(acknowledged))
    record_property("lost_writes", 0)
