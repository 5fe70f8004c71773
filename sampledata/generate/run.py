"""Generate a whole data set at a scale: reference data, partners, people, shifts, duties, applications."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa

from accounts.services import create_user
from core import data_versions
from core.db import reset_id_sequences
from core.extensions import db
from core.models import Role
from sampledata.demo.base import Seeder
from sampledata.demo.reference import seed_reference
from sampledata.generate import bulk, duties, partners, recruitment
from sampledata.generate.people import PeopleBuilder
from sampledata.generate.scale import Scale
from scheduling.models import Duty
from upkeep import after_bulk_load
from volunteers.models import Programme

LOGIN_DOMAIN = "example.org"


def total_steps(scale: Scale) -> int:
    """The progress bar's length: one step per volunteer, duty and application, plus the set-up."""
    return 1_000 + scale.volunteers + scale.duties + scale.applications


def generate(scale: Scale, seed: int, today: date, password: str, progress: Callable[[int], None]) -> list[str]:
    """Fill the (empty, migrated) database at `scale`; returns summary lines."""
    s = Seeder(today, seed)
    start = today - timedelta(days=round(scale.years * 365.25))
    seed_reference(s)
    partners.more_parishes(s, scale.parishes)
    bulk.flush(s)
    create_user(f"admin@{LOGIN_DOMAIN}", "Alex Admin", Role.ADMIN, password)
    coordinator = create_user(f"coordinator@{LOGIN_DOMAIN}", "Chris Coordinator", Role.COORDINATOR, password)
    create_user(
        f"supervisor@{LOGIN_DOMAIN}",
        "Sam Supervisor",
        Role.SUPERVISOR,
        password,
        command_id=s.ids["command"]["South LPA"],
    )
    found = partners.Partners(
        esp_registered=partners.esp_businesses(s, scale, start),
        cadet_units=partners.cadet_units(s, scale),
    )
    found.csc_posts = partners.csc_posts(s, scale, start)
    partners.watch_schemes(s, scale, start)
    found.speed_watch_groups = partners.speed_watch(s, scale, start)
    bulk.flush(s)
    progress(1_000)

    people = PeopleBuilder(s, scale, found, start)
    for step in (people.specials, people.cadets, people.leaders, people.active_citizens, people.speed_watch):
        before = len(people.doers)
        step()
        progress(len(people.doers) - before)
    bulk.flush(s)
    logins = _volunteer_logins(people.doers, today, password)
    db.session.commit()

    districts = {v: k for k, v in s.ids["district"].items()}
    writer = duties.DutyWriter(s, coordinator.id, districts, lambda n: _commit_and(progress, n))
    # PostgreSQL: the duties' indexes and foreign keys are rebuilt once at the end, not row by row.
    with bulk.deferred_indexes(Duty.__table__):
        duties.shifts(s, writer, people.doers, start, scale.shifts_per_week, coordinator.id)
        remaining = max(0, scale.duties - writer.written - len(writer.rows))
        for doer, count in zip(people.doers, duties.plan_counts(people.doers, remaining, s.rng), strict=True):
            writer.free_duties(doer, count)
        writer.flush()
        db.session.commit()

    recruitment.applications(s, scale.applications, start)
    bulk.flush(s)
    progress(scale.applications)
    db.session.commit()
    after_bulk_load()  # the bulk inserts above bypass the session's hooks (ledger, history, data versions)
    db.session.commit()
    _analyse()
    return _summary(scale, logins)


def _commit_and(progress: Callable[[int], None], n: int) -> None:
    db.session.commit()  # each chunk is durable: a long national run can be stopped and inspected
    progress(n)


def _volunteer_logins(doers, today: date, password: str) -> list[str]:
    """special@, csc@, parish@ and employer@ tied to generated records."""
    serving = [d for d in doers if d.last == today]
    # The longest-serving ones: their records have the most history to show (and to benchmark).
    special = min((d for d in serving if d.programme == Programme.SPECIAL and d.esp_id is None), key=lambda d: d.first)
    csc = min((d for d in serving if d.programme == Programme.CSC), key=lambda d: d.first)
    employee = next(d for d in serving if d.esp_id is not None)
    create_user(f"special@{LOGIN_DOMAIN}", "Demo Special", Role.VOLUNTEER, password, volunteer_id=special.vid)
    create_user(f"csc@{LOGIN_DOMAIN}", "Demo CSC", Role.VOLUNTEER, password, volunteer_id=csc.vid)
    create_user(f"parish@{LOGIN_DOMAIN}", "Parish clerk", Role.PARISH, password, parish_id=csc.parish_id)
    create_user(
        f"employer@{LOGIN_DOMAIN}", "ESP employer contact", Role.EMPLOYER, password, esp_business_id=employee.esp_id
    )
    return [
        f"special@ volunteer {special.vid}",
        f"csc@ volunteer {csc.vid} (parish {csc.parish_id})",
        f"employer@ business {employee.esp_id}",
    ]


def _analyse() -> None:
    """Fresh planner statistics (and on PostgreSQL a vacuumed table), as a real database would have; PostgreSQL
    sequences past the ids we wrote."""
    reset_sequences()
    data_versions.touch(db.session)  # COPY went past the session's hooks: what web processes kept is stale
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # VACUUM too (outside a transaction): the visibility map of the rows just copied in, so index-only scans
        # work at once and autovacuum does not start on them in the middle of a benchmark.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    else:
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def reset_sequences() -> None:
    """Rows were inserted with explicit ids: move each PostgreSQL id sequence past the largest id."""
    reset_id_sequences(db.session, db.metadata)


def _summary(scale: Scale, logins: list[str]) -> list[str]:
    from core.models import Parish
    from scheduling.models import Duty, Shift
    from volunteers.models import Application, Volunteer

    def count(model) -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))

    return [
        f"Scale {scale.name}: {count(Volunteer):,} volunteers, {count(Parish):,} parishes, {count(Shift):,} shifts, "
        f"{count(Duty):,} duties, {count(Application):,} applications",
        "Logins (the demo password): admin@, coordinator@, supervisor@, special@, csc@, parish@, employer@"
        f"{LOGIN_DOMAIN}; " + "; ".join(logins),
    ]
