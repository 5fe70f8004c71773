"""Events people are told about: each gives exactly one notice, to exactly the right people, of the right kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import notices
from core.dates import local_date, local_to_utc, today
from core.extensions import db as _db
from core.models import Role
from notices.models import Notice
from scheduling.duties.importer import import_duties
from scheduling.duties.review import approve_duties, approve_duty, reject_duty
from scheduling.duties.services import DutyInput, log_duty, update_duty
from scheduling.jobs import definitions
from scheduling.jobs.tomorrow import tell_tomorrows_shifts
from scheduling.models import DutyStatus, DutyType
from scheduling.rosters import changes, gaps
from scheduling.rosters.signups import sign_up, withdraw
from tests import factories as f
from tests.scheduling.test_races import at_once


def _told() -> list[tuple[int | None, int | None, str, str]]:
    """Every notice as (volunteer, user, kind, text), oldest first."""
    rows = sa.select(Notice.volunteer_id, Notice.user_id, Notice.kind, Notice.text).order_by(Notice.id)
    return [tuple(r) for r in _db.session.execute(rows)]


def _special():
    return f.SpecialFactory().volunteer


def _pending(volunteer, days_ago: int, hour: int = 9):
    day = today() - timedelta(days=days_ago)
    start = local_to_utc(day, datetime.min.time().replace(hour=hour))
    return f.DutyFactory(volunteer=volunteer, duty_date=day, starts_at=start, status=DutyStatus.PENDING, minutes=180)


# Duties decided, changed or logged by someone else: kind "duty_decided", to the duty's volunteer only.


def test_approving_a_duty_tells_its_volunteer_once(db, coordinator_user):
    duty = _pending(_special(), 3)
    db.session.commit()
    approve_duty(duty, coordinator_user)
    ((volunteer_id, user_id, kind, text),) = _told()
    assert (volunteer_id, user_id, kind) == (duty.volunteer_id, None, "duty_decided")
    assert text.startswith("Your duty on ") and text.endswith(", 09:00 to 12:00 was approved.")


def test_rejecting_a_duty_tells_its_volunteer_why(db, coordinator_user):
    duty = _pending(_special(), 3)
    db.session.commit()
    reject_duty(duty, coordinator_user, "No such patrol that evening")
    ((volunteer_id, user_id, kind, text),) = _told()
    assert (volunteer_id, user_id, kind) == (duty.volunteer_id, None, "duty_decided")
    assert "was rejected: No such patrol that evening" in text


def test_approving_many_tells_each_volunteer_once_summing_up_theirs(db, coordinator_user):
    a, b, c = _special(), _special(), _special()
    duties = [_pending(a, 5), _pending(a, 4), _pending(a, 2), _pending(b, 3)]
    _pending(c, 3)  # not chosen: c is told nothing
    db.session.commit()
    decided = approve_duties([d.id for d in duties], coordinator_user)
    assert len(decided.approved) == 4
    told = {v: (kind, text) for v, _u, kind, text in _told()}
    assert len(_told()) == 2 and set(told) == {a.id, b.id}
    assert told[a.id][0] == told[b.id][0] == "duty_decided"
    assert told[a.id][1].startswith("3 of your duties") and "9 hours in all" in told[a.id][1]
    assert told[b.id][1].startswith("Your duty on")


def test_a_change_by_someone_else_tells_the_volunteer_but_their_own_does_not(db, coordinator_user, make_user):
    owner = make_user(Role.VOLUNTEER)
    duty = _pending(owner.volunteer, 3)
    db.session.commit()

    def changed(duty, hour: int) -> DutyInput:
        return DutyInput(
            duty.volunteer_id,
            duty.duty_date,
            datetime.min.time().replace(hour=hour),
            datetime.min.time().replace(hour=hour + 2),
            DutyType.PATROL,
        )

    update_duty(duty, changed(duty, 10), owner)
    assert _told() == []
    update_duty(duty, changed(duty, 11), coordinator_user)
    ((volunteer_id, _user, kind, text),) = _told()
    assert (volunteer_id, kind) == (owner.volunteer_id, "duty_decided") and "changed by someone else" in text


def test_a_duty_logged_for_someone_tells_them(db, coordinator_user):
    special = _special()
    db.session.commit()
    day = today() - timedelta(days=2)
    inp = DutyInput(
        special.id, day, datetime.min.time().replace(hour=9), datetime.min.time().replace(hour=12), DutyType.PATROL
    )
    log_duty(inp, coordinator_user)
    ((volunteer_id, _user, kind, text),) = _told()
    assert (volunteer_id, kind) == (special.id, "duty_decided") and "logged for you: it is approved" in text


def test_an_import_tells_each_volunteer_once(db, coordinator_user):
    a, b = _special(), _special()
    db.session.commit()
    days = [(today() - timedelta(days=n)).isoformat() for n in (2, 3, 4)]
    lines = [f"{a.id},{d},09:00,12:00,patrol,,no," for d in days] + [f"{b.id},{days[0]},09:00,11:00,patrol,,no,"]
    csv = ("volunteer,date,start,end,type,district,esp,notes\n" + "\n".join(lines) + "\n").encode()
    assert import_duties(csv, coordinator_user, dry_run=False).imported == 4
    told = {v: text for v, _u, kind, text in _told() if kind == "duty_decided"}
    assert len(_told()) == 2 and set(told) == {a.id, b.id}
    assert told[a.id].startswith("3 of your duties") and told[b.id].startswith("Your duty on")


# Shifts: booked, moved, removed, promoted, changed, cancelled.


@pytest.fixture
def full(db):
    """A shift of two places, both taken (a, b), and c waiting."""
    shift = f.ShiftFactory(places=2)
    people = [_special() for _ in range(3)]
    for person in people:
        sign_up(shift.id, person)
    db.session.commit()
    return shift, people


def test_withdrawing_promotes_and_tells_only_the_promoted(db, full):
    shift, (a, _b, c) = full
    withdraw(shift.id, a.id)
    assert [(v, k) for v, _u, k, _t in _told()] == [(c.id, "waiting_list")]


def test_a_coordinator_adding_someone_tells_only_them(db):
    shift, person = f.ShiftFactory(places=2), _special()
    db.session.commit()
    gaps.add_to_shift(shift.id, person)
    assert [(v, k) for v, _u, k, _t in _told()] == [(person.id, "shift_booking")]


def test_removing_tells_the_removed_and_the_promoted(db, full):
    shift, (a, _b, c) = full
    signup_id = next(s.id for s in shift.signups if s.volunteer_id == a.id)
    changes.remove_person(signup_id)
    assert [(v, k) for v, _u, k, _t in _told()] == [(a.id, "shift_booking"), (c.id, "waiting_list")]


def test_moving_tells_the_moved_and_the_promoted(db, full):
    shift, (a, _b, c) = full
    other = f.ShiftFactory(
        places=1, starts_at=shift.starts_at + timedelta(days=1), ends_at=shift.ends_at + timedelta(days=1)
    )
    db.session.commit()
    signup_id = next(s.id for s in shift.signups if s.volunteer_id == a.id)
    changes.move_person(signup_id, other.id)
    assert [(v, k) for v, _u, k, _t in _told()] == [(a.id, "shift_booking"), (c.id, "waiting_list")]


def test_cancelling_tells_everyone_booked_or_waiting_once(db, full):
    shift, (a, b, c) = full
    changes.cancel_shift(shift.id, "Storm warning")
    assert sorted((v, k) for v, _u, k, _t in _told()) == [
        (p.id, "shift_changed") for p in sorted((a, b, c), key=lambda p: p.id)
    ]


# Tomorrow's shift: told once per sign-up, the London day after, however often the job runs.


def test_the_evening_job_tells_each_confirmed_person_once_however_often_it_runs(db, full):
    shift, (a, b, c) = full
    cancelled = f.ShiftFactory(
        places=1, starts_at=shift.starts_at + timedelta(hours=5), ends_at=shift.ends_at + timedelta(hours=5)
    )
    sign_up(cancelled.id, c)
    cancelled.cancelled = True  # c waits on one shift and is booked on a cancelled one: told nothing
    db.session.commit()
    eve = local_date(shift.starts_at) - timedelta(days=1)
    first = definitions.run_scheduled("shift_tomorrow", eve)
    assert first.status.value == "succeeded" and first.message == "Told 2 people of their shift tomorrow"
    assert definitions.run_scheduled("shift_tomorrow", eve) is None  # the day's run is claimed
    assert tell_tomorrows_shifts(eve) == 0  # and run again by hand: the dedupe keys hold
    assert sorted((v, k) for v, _u, k, _t in _told()) == sorted([(a.id, "shift_tomorrow"), (b.id, "shift_tomorrow")])


def test_two_evening_jobs_at_once_tell_once(app, db, full):
    shift, _people = full
    eve = local_date(shift.starts_at) - timedelta(days=1)

    def work(_n: int) -> int:
        told = tell_tomorrows_shifts(eve)
        _db.session.commit()
        return told

    outcomes = at_once(app, 2, work)
    assert sorted(outcomes) == [0, 2]
    assert len(_told()) == 2


@pytest.mark.parametrize(
    ("starts", "told"),
    [
        (datetime(2027, 10, 30, 23, 30, tzinfo=UTC), True),  # 00:30 BST on Sunday 31 October: tomorrow
        (datetime(2027, 10, 31, 23, 30, tzinfo=UTC), True),  # 23:30 GMT on the Sunday, the clocks gone back
        (datetime(2027, 11, 1, 0, 30, tzinfo=UTC), False),  # 00:30 on Monday: the day after tomorrow
        (datetime(2027, 10, 30, 22, 59, tzinfo=UTC), False),  # 23:59 BST on Saturday: today
    ],
)
def test_tomorrow_is_the_next_london_day_across_the_clock_change(db, starts, told):
    shift = f.ShiftFactory(places=1, starts_at=starts, ends_at=starts + timedelta(hours=3))
    person = _special()
    sign_up(shift.id, person)
    db.session.commit()
    saturday_evening = datetime(2027, 10, 30, 17, tzinfo=UTC)  # 18:00 BST
    assert tell_tomorrows_shifts(date(2027, 10, 30), now=saturday_evening) == int(told)
    assert [(v, k) for v, _u, k, _t in _told()] == ([(person.id, "shift_tomorrow")] if told else [])


# The dedupe key: the database decides.


def test_a_dedupe_key_is_one_notice_per_recipient(db, volunteer_user):
    vid, uid = volunteer_user.volunteer_id, volunteer_user.id
    assert notices.send("Hello", volunteer_ids=[vid], user_ids=[uid], kind="reminder", dedupe_key="k") == 2
    assert notices.send("Hello", volunteer_ids=[vid], user_ids=[uid], kind="reminder", dedupe_key="k") == 0
    assert notices.send("Hello", volunteer_ids=[vid], kind="reminder", dedupe_key="other") == 1
    assert notices.send("Hello", volunteer_ids=[vid], kind="reminder") == 1  # no key: always sent
    db.session.commit()
    db.session.add(Notice(volunteer_id=vid, text="Again", kind="reminder", dedupe_key="k"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert len(_told()) == 4
