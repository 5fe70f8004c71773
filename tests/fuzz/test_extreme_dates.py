"""Years 0001 and 9999 in an address or a report form: a clear message or a sensible default, never a 500."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.extensions import db
from scheduling.models import JobRun
from tests.fuzz.conftest import signed_in

EXTREMES = ["0001-01-01", "0001-01-02", "1899-12-31", "3000-01-01", "9999-12-01", "9999-12-31"]

COORDINATOR_PAGES = [
    "/scheduling/rosters?view=day&start={d}",
    "/scheduling/rosters?view=week&start={d}",
    "/scheduling/rosters?view=month&start={d}",
    "/scheduling/hours?start={d}&end={d}",
    "/scheduling/hours?start=2026-01-01&end={d}",
    "/scheduling/hours?start={d}&end=2026-01-01",
    "/scheduling/hours/welfare?month={m}",
    "/dashboard/?from={d}&to={d}",
    "/api/v1/figures?from={d}&to={d}",
    "/schemes/watch?since={d}",
    "/schemes/watch/export.csv?since={d}",
]


@pytest.mark.parametrize("day", EXTREMES)
def test_extreme_dates_in_addresses_never_fail(fuzz_app, day):
    coordinator = signed_in(fuzz_app, "coordinator@example.org")
    for page in COORDINATOR_PAGES:
        url = page.format(d=day, m=day[:7])
        assert coordinator.get(url).status_code < 500, url
    admin = signed_in(fuzz_app, "admin@example.org")
    assert admin.get(f"/privacy-admin/audit?from={day}&to={day}").status_code == 200


def test_out_of_range_dates_say_so(fuzz_app):
    coordinator = signed_in(fuzz_app, "coordinator@example.org")
    hours = coordinator.get("/scheduling/hours?start=0001-01-01&end=0001-02-01").get_data(as_text=True)
    assert "The start date must be between 2000 and 2100" in hours
    roster = coordinator.get("/scheduling/rosters?view=week&start=9999-12-31", follow_redirects=True)
    assert roster.status_code == 200 and "Enter a date between 1900 and 2999" in roster.get_data(as_text=True)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0001-01-01", "0001-01-31", "Enter a date between 1900 and 2999"),
        ("9999-12-01", "9999-12-31", "Enter a date between 1900 and 2999"),
        ("1990-01-01", "2026-01-31", "Choose a period of ten years or less"),
    ],
)
def test_a_report_outside_the_calendar_is_refused_and_not_run(fuzz_app, start, end, message):
    coordinator = signed_in(fuzz_app, "coordinator@example.org")
    runs = db.session.scalar(sa.select(sa.func.count()).select_from(JobRun))
    page = coordinator.post("/scheduling/reports", data={"job": "pipeline_monthly", "start": start, "end": end})
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == runs


def test_a_filter_date_left_out_is_said(fuzz_app):
    coordinator = signed_in(fuzz_app, "coordinator@example.org")
    welfare = coordinator.get("/scheduling/hours/welfare?month=9999-12").get_data(as_text=True)
    assert "The month must be between January 2000 and this month" in welfare
    admin = signed_in(fuzz_app, "admin@example.org")
    audit = admin.get("/privacy-admin/audit?from=0001-01-01&to=not-a-date").get_data(as_text=True)
    assert "The from date must be between 1900 and 2999: that filter was left out" in audit
    assert "The to date must be a real date: that filter was left out" in audit
    quiet = admin.get("/privacy-admin/audit?from=2026-01-01").get_data(as_text=True)
    assert "that filter was left out" not in quiet
