"""Writers at the same moment, each on its own connection: duties and sign-ups end exactly as the rules say.

On PostgreSQL the refusals come from row locks taken in one order and, underneath, the exclusion constraint;
on SQLite from writers taking turns (BEGIN IMMEDIATE) and, underneath, the triggers (migration 0013).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from core.models import User
from core.refusals import Refusal
from core.transactions import commit_unit
from scheduling.duties import services as duties
from scheduling.hours import ledger
from scheduling.models import DUTY_OVERLAP_GUARD, Duty, DutyStatus, DutyType, Shift, ShiftSignup, SignupStatus
from scheduling.rosters import services as rosters
from tests import factories as f
from tests.conftest import ON_POSTGRES
from tests.scheduling.helpers import past_day
from volunteers.models import Volunteer


def at_once(app, count: int, work: Callable[[int], object]) -> list[object]:
    """``work(n)`` for n in range(count), each in its own thread, app context and session, released together;
    what each returned or raised. ``work`` must capture plain values, not the test's ORM objects."""
    from core.extensions import db

    db.session.commit()  # the test's own transaction must not hold SQLite's write lock while the threads run
    barrier = threading.Barrier(count)

    def one(n: int) -> object:
        with app.app_context():
            from core.extensions import db

            try:
                barrier.wait()
                return work(n)
            except Exception as problem:  # noqa: BLE001 - returned for the assertions
                return problem
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def _kinds(outcomes: list[object]) -> Counter:
    return Counter(
        f"refused: {o.field}" if isinstance(o, Refusal) else type(o).__name__ if isinstance(o, Exception) else "ok"
        for o in outcomes
    )


def _duty(volunteer_id: int, day: date, start: time, end: time) -> duties.DutyInput:
    return duties.DutyInput(volunteer_id=volunteer_id, day=day, start=start, end=end, duty_type=DutyType.PATROL)


def _log(user_id: int, inp: duties.DutyInput) -> int:
    from core.extensions import db

    return commit_unit(lambda: duties.log_duty(inp, db.session.get(User, user_id)).id)


@pytest.fixture
def retries(caplog):
    """The transactions the retry helper ran again, as its log says."""
    caplog.set_level(logging.WARNING, logger="core.transactions")
    return lambda: [r for r in caplog.records if r.name == "core.transactions"]


def test_identical_duties_posted_at_once_store_one(app, db, volunteer_user):
    user_id, inp = volunteer_user.id, _duty(volunteer_user.volunteer_id, past_day(), time(9), time(13))
    outcomes = at_once(app, 12, lambda _n: _log(user_id, inp))
    assert _kinds(outcomes) == {"ok": 1, "refused: start": 11}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 1


def test_overlapping_duties_for_one_person_posted_at_once_store_one(app, db, coordinator_user):
    person = f.SpecialFactory().volunteer
    db.session.commit()
    day = past_day()
    # Each starts an hour after the last and lasts three hours: every one overlaps its neighbours.
    user_id, inputs = coordinator_user.id, [_duty(person.id, day, time(6 + n), time(9 + n)) for n in range(8)]
    outcomes = at_once(app, 8, lambda n: _log(user_id, inputs[n]))
    kinds = _kinds(outcomes)
    assert set(kinds) <= {"ok", "refused: start"} and kinds["ok"] >= 1
    stored = db.session.execute(sa.select(Duty.starts_at, Duty.ends_at).order_by(Duty.starts_at)).all()
    assert len(stored) == kinds["ok"]
    assert all(a.ends_at <= b.starts_at for a, b in zip(stored, stored[1:], strict=False))


def test_staff_logging_many_duties_in_parallel_never_deadlocks(app, db, coordinator_user, retries):
    """Approved at once, so each keeps the hours ledger and locks the person's row: no deadlock, no retry."""
    people = [f.SpecialFactory().volunteer for _ in range(2)]
    db.session.commit()
    user_id, jobs = coordinator_user.id, [(people[n % 2].id, past_day(5 + n // 2)) for n in range(24)]
    outcomes = at_once(app, 24, lambda n: _log(user_id, _duty(jobs[n][0], jobs[n][1], time(9), time(12))))
    assert _kinds(outcomes) == {"ok": 24}
    assert retries() == []
    assert db.session.scalar(sa.select(sa.func.count()).where(Duty.status == DutyStatus.APPROVED)) == 24
    assert ledger.differences(db.session) == []


def _raw_duty(volunteer_id: int, start: datetime, hours: int, status: str = "pending") -> dict:
    return {
        "volunteer_id": volunteer_id,
        "duty_date": start.date(),
        "starts_at": start,
        "ends_at": start + timedelta(hours=hours),
        "minutes": hours * 60,
        "duty_type": "patrol",
        "is_esp": False,
        "status": status,
        "created_at": start,
        "updated_at": start,
    }


def test_the_database_itself_refuses_overlapping_duties(db):
    """No service involved: plain INSERTs and UPDATEs against the constraint (PostgreSQL) or triggers (SQLite)."""
    person_id, other_id = f.VolunteerFactory().id, f.VolunteerFactory().id
    db.session.commit()  # and nothing more through the session: its transaction would hold SQLite's write lock
    table, nine = Duty.__table__, datetime(2026, 3, 2, 9, tzinfo=UTC)

    def insert(row) -> int:
        with db.engine.begin() as conn:
            return conn.execute(table.insert().values(row)).inserted_primary_key[0]

    first = insert(_raw_duty(person_id, nine, 4))
    for refused in (_raw_duty(person_id, nine + timedelta(hours=3), 2), _raw_duty(person_id, nine, 4, "approved")):
        with pytest.raises(sa.exc.IntegrityError, match=DUTY_OVERLAP_GUARD):
            insert(refused)
    insert(_raw_duty(person_id, nine + timedelta(hours=4), 2))  # starts as the first ends: no overlap
    insert(_raw_duty(other_id, nine, 4))  # someone else at the same time
    rejected = insert(_raw_duty(person_id, nine + timedelta(hours=1), 2, "rejected"))  # rejected ones do not count
    with pytest.raises(sa.exc.IntegrityError, match=DUTY_OVERLAP_GUARD), db.engine.begin() as conn:
        conn.execute(table.update().where(table.c.id == rejected).values(status="pending"))
    with pytest.raises(sa.exc.IntegrityError, match=DUTY_OVERLAP_GUARD), db.engine.begin() as conn:
        conn.execute(table.update().where(table.c.id == first).values(ends_at=nine + timedelta(hours=5)))
    with db.engine.begin() as conn:  # a duty changed without moving stays (its own row is no clash)
        conn.execute(table.update().where(table.c.id == first).values(ends_at=nine + timedelta(hours=3)))


def test_two_connections_inserting_overlapping_duties_at_once_store_one(app, db):
    """Both transactions are open at once with no lock taken first: the second waits, then is refused."""
    person_id = f.VolunteerFactory().id
    db.session.commit()
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)

    def insert(n: int) -> int:
        from core.extensions import db as handle

        with handle.engine.begin() as conn:
            row = _raw_duty(person_id, start + timedelta(minutes=30 * n), 2)
            return conn.execute(Duty.__table__.insert().values(row)).inserted_primary_key[0]

    outcomes = at_once(app, 2, insert)
    assert _kinds(outcomes) == {"ok": 1, "IntegrityError": 1}
    assert DUTY_OVERLAP_GUARD in str(next(o for o in outcomes if isinstance(o, Exception)))


def test_an_overlap_only_the_database_saw_is_refused_naming_the_field(db, client, volunteer_user, monkeypatch):
    """Were the service's own check to miss one, the constraint's refusal still reaches the user as a 422."""
    monkeypatch.setattr(duties, "_CLASH", sa.select(Duty.id).where(sa.false()))
    day = past_day()
    duties.log_duty(_duty(volunteer_user.volunteer_id, day, time(9), time(13)), volunteer_user)
    db.session.commit()
    with pytest.raises(Refusal, match="overlaps") as refused:
        duties.log_duty(_duty(volunteer_user.volunteer_id, day, time(10), time(11)), volunteer_user)
    assert refused.value.field == "start"
    db.session.rollback()
    token = _token(db, volunteer_user)
    answer = client.post(
        "/api/v1/duties",
        json={"date": day.isoformat(), "start": "12:00", "end": "14:00", "type": "patrol"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"] == "start"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 1


def _token(db, user: User) -> str:
    from bench.writes import _issue_token

    return _issue_token(db.session.get(User, user.id))


def _sign_up(shift_id: int, volunteer_id: int) -> str:
    from core.extensions import db

    return commit_unit(lambda: rosters.sign_up(shift_id, db.session.get(Volunteer, volunteer_id)).status.value)


def test_sign_ups_racing_for_the_last_places_fill_exactly_the_places(app, db):
    shift_id, people = f.ShiftFactory(places=3).id, [f.SpecialFactory().volunteer.id for _ in range(10)]
    db.session.commit()
    outcomes = at_once(app, 10, lambda n: _sign_up(shift_id, people[n]))
    assert Counter(outcomes) == {"confirmed": 3, "waiting": 7}
    held = Counter(db.session.scalars(sa.select(ShiftSignup.status).where(ShiftSignup.shift_id == shift_id)))
    assert held == {SignupStatus.CONFIRMED: 3, SignupStatus.WAITING: 7}


def test_one_person_signing_up_many_times_at_once_holds_one_place(app, db):
    shift_id, person_id = f.ShiftFactory(places=3).id, f.SpecialFactory().volunteer.id
    db.session.commit()
    outcomes = at_once(app, 8, lambda _n: _sign_up(shift_id, person_id))
    assert _kinds(outcomes) == {"ok": 1, "refused: shift_id": 7}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShiftSignup)) == 1


def test_one_person_signing_up_to_overlapping_shifts_at_once_gets_one(app, db):
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    shifts = [
        f.ShiftFactory(starts_at=starts + timedelta(hours=n), ends_at=starts + timedelta(hours=n + 4)) for n in range(6)
    ]
    shift_ids, person_id = [s.id for s in shifts], f.SpecialFactory().volunteer.id
    db.session.commit()
    outcomes = at_once(app, 6, lambda n: _sign_up(shift_ids[n], person_id))
    kinds = _kinds(outcomes)
    assert set(kinds) <= {"ok", "refused: shift_id"} and kinds["ok"] >= 1
    booked = db.session.execute(
        sa.select(Shift.starts_at, Shift.ends_at).join(ShiftSignup).order_by(Shift.starts_at)
    ).all()
    assert len(booked) == kinds["ok"]
    assert all(a.ends_at <= b.starts_at for a, b in zip(booked, booked[1:], strict=False))


@pytest.mark.postgres_only
@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL detects deadlocks; SQLite writers take turns instead")
def test_a_real_deadlock_is_retried_until_both_finish(app, db, retries):
    """Two units of work lock two rows in opposite orders: PostgreSQL kills one, which runs again and succeeds."""
    people = [f.VolunteerFactory(), f.VolunteerFactory()]
    db.session.commit()
    ids, crossed, attempts = [p.id for p in people], threading.Barrier(2), Counter()

    def work(n: int) -> str:
        from core.extensions import db as handle

        def unit() -> str:
            attempts[n] += 1
            first, second = ids if n == 0 else ids[::-1]
            handle.session.execute(sa.update(Volunteer).where(Volunteer.id == first).values(first_name=f"By {n}"))
            if attempts[n] == 1:
                crossed.wait(timeout=10)  # both hold their first row before either asks for its second
            handle.session.execute(sa.update(Volunteer).where(Volunteer.id == second).values(first_name=f"By {n}"))
            return "done"

        return commit_unit(unit)

    assert at_once(app, 2, work) == ["done", "done"]
    assert sum(attempts.values()) == 3
    assert len(retries()) == 1


def test_the_migration_rejects_duties_that_already_overlap_and_mends_the_ledger(app, db):
    """Duties stored overlapping before 0013 (by the races it guards against): the approved and the first logged
    are kept, the others rejected with a reason and an audit event, and the hours ledger follows."""
    import flask_migrate

    from core.models import AuditEvent

    # The people are made with today's models, before going back: later migrations add volunteers' columns.
    person, other = (f.SpecialFactory().volunteer.id for _ in range(2))
    db.session.commit()
    db.session.remove()
    flask_migrate.downgrade(revision="0012_data_versions")
    try:
        day = date(2026, 3, 2)

        def duty(who, hour: int, hours: int, status: DutyStatus) -> int:
            # Only the columns duties had at 0012 (a later migration's column is not there yet).
            start = datetime(2026, 3, 2, hour, tzinfo=UTC)
            ends = start + timedelta(hours=hours)
            values = {"volunteer_id": who, "duty_date": day, "starts_at": start, "ends_at": ends}
            values |= {"minutes": hours * 60, "duty_type": DutyType.PATROL, "status": status}
            return db.session.execute(sa.insert(Duty.__table__).values(values)).inserted_primary_key[0]

        first = duty(person, 9, 4, DutyStatus.APPROVED)  # kept
        inside = duty(person, 10, 1, DutyStatus.PENDING)  # overlaps the first: rejected
        late = duty(person, 12, 2, DutyStatus.APPROVED)  # overlaps the first: rejected
        after = duty(person, 13, 2, DutyStatus.APPROVED)  # starts as the first ends: kept
        untouched = [duty(other, 9, 4, DutyStatus.REJECTED), duty(other, 9, 2, DutyStatus.APPROVED)]
        ledger.rebuild_volunteers(db.session.connection(), [person, other])  # as the ORM's hooks would
        db.session.commit()
    finally:
        db.session.remove()
        flask_migrate.upgrade()
    status = dict(db.session.execute(sa.select(Duty.id, Duty.status)).all())
    assert status == {
        first: DutyStatus.APPROVED,
        inside: DutyStatus.REJECTED,
        late: DutyStatus.REJECTED,
        after: DutyStatus.APPROVED,
        untouched[0]: DutyStatus.REJECTED,
        untouched[1]: DutyStatus.APPROVED,
    }
    reasons = db.session.scalars(sa.select(Duty.rejection_reason).where(Duty.id.in_([inside, late])))
    assert all(reason.startswith(f"Overlapped duty {first} ") for reason in reasons)
    audited = db.session.scalars(
        sa.select(AuditEvent.object_id)
        .where(AuditEvent.actor == "migration 0013_race_guards")
        .order_by(AuditEvent.object_id)
    ).all()
    assert audited == [inside, late]
    assert ledger.differences(db.session) == []
    assert overlapping_pairs(db) == 0


def overlapping_pairs(db) -> int:
    a, b = sa.orm.aliased(Duty), sa.orm.aliased(Duty)
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(a)
        .join(b, sa.and_(a.volunteer_id == b.volunteer_id, a.id < b.id))
        .where(
            a.status != DutyStatus.REJECTED,
            b.status != DutyStatus.REJECTED,
            a.starts_at < b.ends_at,
            b.starts_at < a.ends_at,
        )
    )
