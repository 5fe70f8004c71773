"""End to end: each event people are told about delivers exactly one email to the right address through a real
SMTP server on 127.0.0.1 (and a copy to the guardian of a cadet under 18), and nothing to anyone else."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from core.dates import local_date, local_to_utc, today
from core.models import Role
from notices.outbox.delivery import send_due
from notices.outbox.models import OutboxMessage
from scheduling.duties.review import approve_duties, approve_duty, reject_duty
from scheduling.duties.services import DutyInput, update_duty
from scheduling.jobs import definitions
from scheduling.jobs.reminders import send_reminders
from scheduling.jobs.tomorrow import tell_tomorrows_shifts
from scheduling.models import DutyStatus, DutyType, ShiftSignup, SignupStatus
from scheduling.rosters import changes, gaps
from scheduling.rosters.signups import sign_up, withdraw
from tests import factories as f


@pytest.fixture
def delivered(db, smtp_server):
    """Commit, let the outbox send what is due, and give the addresses that received mail since the last call."""
    seen = [0]

    def check() -> Counter:
        db.session.commit()
        send_due()
        new = smtp_server.received[seen[0] :]
        seen[0] = len(smtp_server.received)
        return Counter(address for mail in new for address in mail.recipients)

    return check


def _at(hour: int) -> time:
    return time(hour)


def _pending(volunteer, days_ago: int):
    day = today() - timedelta(days=days_ago)
    return f.DutyFactory(volunteer=volunteer, duty_date=day, starts_at=local_to_utc(day, _at(9)),
                         status=DutyStatus.PENDING, minutes=180)  # fmt: skip


def _cadet():
    """A cadet of 15 with a guardian's email on record."""
    return f.CadetFactory(volunteer__date_of_birth=date.today() - timedelta(days=365 * 15 + 30),
                          guardian_email="pat.guardian@example.org")  # fmt: skip


def test_duty_decisions_are_emailed_once_to_the_volunteer_and_a_cadets_guardian(db, delivered, coordinator_user):
    cadet, adult, other = _cadet().volunteer, f.SpecialFactory().volunteer, f.SpecialFactory().volunteer
    first, second = _pending(cadet, 3), _pending(adult, 3)
    many = [_pending(other, n) for n in (5, 6, 7)]
    db.session.commit()
    assert delivered() == Counter()
    approve_duty(first, coordinator_user)
    assert delivered() == Counter({cadet.email: 1, "pat.guardian@example.org": 1})
    reject_duty(second, coordinator_user, "Not on the roster that day")
    assert delivered() == Counter({adult.email: 1})
    approve_duties([d.id for d in many], coordinator_user)
    assert delivered() == Counter({other.email: 1})  # three duties, one message
    day = many[0].duty_date
    update_duty(many[0], DutyInput(other.id, day, _at(10), _at(12), DutyType.PATROL), coordinator_user)
    assert delivered() == Counter({other.email: 1})


def test_shift_events_are_emailed_once_to_the_people_they_concern(db, delivered):
    shift = f.ShiftFactory(places=2)
    a, b, c, d, e = (f.SpecialFactory().volunteer for _ in range(5))
    for person in (a, b, c, d):
        sign_up(shift.id, person)  # a, b booked; c, d waiting
    other = f.ShiftFactory(places=2, starts_at=shift.starts_at + timedelta(days=1),
                           ends_at=shift.ends_at + timedelta(days=1))  # fmt: skip
    assert delivered() == Counter()  # signing oneself up tells nobody
    withdraw(shift.id, a.id)
    assert delivered() == Counter({c.email: 1})  # off the waiting list
    gaps.add_to_shift(other.id, e)
    assert delivered() == Counter({e.email: 1})
    signup = db.session.scalars(sa.select(ShiftSignup).filter_by(shift_id=shift.id, volunteer_id=b.id)).one()
    changes.move_person(signup.id, other.id)
    assert delivered() == Counter({b.email: 1, d.email: 1})  # moved; d off the waiting list
    changes.cancel_shift(other.id, "Storm warning")
    assert delivered() == Counter({b.email: 1, e.email: 1})


def test_scheduled_messages_are_emailed_once_however_often_the_jobs_run(db, delivered, make_user):
    shift = f.ShiftFactory(places=3)
    adult, cadet = f.SpecialFactory().volunteer, _cadet().volunteer
    sign_up(shift.id, adult)
    db.session.add(ShiftSignup(shift_id=shift.id, volunteer_id=cadet.id, status=SignupStatus.CONFIRMED))
    coordinator = make_user(Role.COORDINATOR)
    f.VettingFactory(volunteer=adult, expires_on=today() + timedelta(days=20))
    db.session.commit()  # (a job's claim starts a transaction of its own)
    eve = local_date(shift.starts_at) - timedelta(days=1)
    definitions.run_scheduled("shift_tomorrow", eve)
    send_reminders(today())
    # The adult: tomorrow's shift and last month's hours shortfall; the cadet and guardian: tomorrow's shift;
    # the coordinator: the adult's vetting expiring.
    expected = Counter({adult.email: 2, cadet.email: 1, "pat.guardian@example.org": 1, coordinator.email: 1})
    assert delivered() == expected
    kinds = Counter((m.address, m.kind) for m in db.session.scalars(sa.select(OutboxMessage)))
    assert kinds == Counter(
        {(adult.email, "shift_tomorrow"): 1, (adult.email, "reminder"): 1, (cadet.email, "shift_tomorrow"): 1,
         ("pat.guardian@example.org", "shift_tomorrow"): 1, (coordinator.email, "reminder"): 1}
    )  # fmt: skip
    assert tell_tomorrows_shifts(eve) == 0 and send_reminders(today())
    assert delivered() == Counter()  # run again: nothing new
