"""The figures take a fixed number of queries, however much data there is (aggregated in SQL)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event

from dashboard.periods import Period
from dashboard.services import compute_figures
from tests import factories as f
from tests.factories import dated as d
from volunteers.models import ApplicationStage, Programme

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))
MAX_QUERIES = 40


@contextmanager
def counting_queries(engine):
    """Count the SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _grow(db, n: int) -> None:
    """n of everything: Specials with duties, CSCs, cadets in units, schemes with snapshots, applications."""
    for i in range(n):
        sc = d.special(joined=date(2024, 1, 1) + timedelta(days=i))
        d.duty(sc.volunteer, date(2026, 7, 1) + timedelta(days=i % 80), minutes=120 + i)
        d.vetting(sc.volunteer, date(2023, 1, 1), date(2026, 10, 1) + timedelta(days=i))
        post = f.CscPostFactory()
        csc = d.csc(post, joined=date(2021, 1, 1), csc_since=date(2022, 1, 1))
        d.duty(csc.volunteer, date(2026, 8, 1), parish=post.agreement.parish)
        unit = f.CadetUnitFactory()
        d.cadet(unit, date(2025, 1, 1))
        d.cadet_leader(unit, date(2025, 1, 1))
        d.active_citizen(f.DistrictFactory(), date(2025, 1, 1))
        scheme = f.WatchSchemeFactory()
        d.snapshot(scheme, date(2026, 6, 1), 100 + i)
        d.snapshot(scheme, date(2026, 9, 1), 120 + i)
        group = f.SpeedGroupFactory(started_on=date(2024, 1, 1))
        d.speed_session(group, date(2026, 7, 20), first=3)
        d.person_in(Programme.SPEED_WATCH, date(2025, 1, 1))
        d.application(date(2026, 7, 2), {ApplicationStage.SIFT: date(2026, 7, 10)})
        f.EspBusinessFactory()
    db.session.commit()


def test_the_number_of_queries_does_not_grow_with_the_data(db):
    _grow(db, 2)
    with counting_queries(db.engine) as small:
        small_figures = compute_figures(Q3)
    _grow(db, 10)
    with counting_queries(db.engine) as large:
        large_figures = compute_figures(Q3)
    assert small_figures["specials"]["total"] < large_figures["specials"]["total"]
    assert len(large) == len(small), "queries grew with the data"
    assert len(large) <= MAX_QUERIES


def test_the_dashboard_page_runs_a_bounded_number_of_queries(db, as_role):
    from core.models import Role

    client = as_role(Role.COORDINATOR)
    client.get("/notices/")  # warm up: the header's unread count is kept per process until a notice is written
    _grow(db, 2)
    with counting_queries(db.engine) as small:
        assert client.get("/dashboard/?from=2026-07-01&to=2026-09-30&fresh=1").status_code == 200
    _grow(db, 8)
    with counting_queries(db.engine) as large:
        assert client.get("/dashboard/?from=2026-07-01&to=2026-09-30&fresh=1").status_code == 200
    assert len(large) == len(small)
    assert len(large) <= MAX_QUERIES + 5
