"""The hours ledger stays exact: every way a duty or a membership changes leaves it equal to the duties."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from core.models import Role
from scheduling.duties import review as duties
from scheduling.hours import ledger
from scheduling.hours import services as hours
from scheduling.models import Duty, DutyMonthTotal, DutyStatus
from tests import factories as f
from volunteers.models import Programme, ProgrammeMembership


def _ledger_rows(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(DutyMonthTotal))


def test_approving_editing_rejecting_and_deleting_keep_the_ledger_exact(db, make_user):
    supervisor = make_user(Role.SUPERVISOR)
    parish = f.ParishFactory()
    special = f.SpecialFactory()
    pending = f.DutyFactory(volunteer=special.volunteer, duty_date=date(2026, 3, 3), status=DutyStatus.PENDING)
    approved = f.DutyFactory(volunteer=special.volunteer, duty_date=date(2026, 3, 10), parish=parish, minutes=90)
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert _ledger_rows(db) == 1  # the pending duty is not in the ledger

    duties.approve_duty(pending, supervisor)
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert sum(t.minutes for t in hours.totals_by_month(date(2026, 3, 1), date(2026, 3, 31))) == 240 + 90

    # An approved duty moved to another month goes back for approval: it leaves the ledger.
    approved.duty_date = date(2026, 4, 2)
    approved.status = DutyStatus.PENDING
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert [t.minutes for t in hours.totals_by_month(date(2026, 3, 1), date(2026, 4, 30))] == [240]

    db.session.delete(pending)
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert hours.totals_by_month(date(2026, 3, 1), date(2026, 4, 30)) == []


def test_changes_to_expired_objects_are_seen(db):
    special = f.SpecialFactory()
    duty = f.DutyFactory(volunteer=special.volunteer, duty_date=date(2026, 5, 5))
    db.session.commit()  # expires every attribute: the ledger must still learn the old values
    duty.status = DutyStatus.REJECTED
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert _ledger_rows(db) == 0


def test_a_backdated_membership_moves_past_duties_to_the_right_programme(db):
    volunteer = f.VolunteerFactory(joined_on=date(2020, 1, 1))
    f.MembershipFactory(volunteer=volunteer, programme=Programme.ACTIVE_CITIZEN, started_on=date(2020, 1, 1))
    f.DutyFactory(volunteer=volunteer, duty_date=date(2026, 6, 10), minutes=120)
    db.session.commit()
    assert [(t.label, t.minutes) for t in hours.totals_by_programme(date(2026, 6, 1), date(2026, 6, 30))] == [
        (Programme.ACTIVE_CITIZEN.label, 120)
    ]
    # A coordinator records that the person had become a Special in May: the June duty counts there now.
    db.session.add(
        ProgrammeMembership(volunteer_id=volunteer.id, programme=Programme.SPECIAL, started_on=date(2026, 5, 1))
    )
    db.session.commit()
    assert ledger.differences(db.session) == []
    assert [t.key for t in hours.totals_by_programme(date(2026, 6, 1), date(2026, 6, 30))] == [Programme.SPECIAL]


def test_part_months_at_either_end_are_counted_from_the_duties(db):
    special = f.SpecialFactory()
    for day in (date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 15), date(2026, 3, 1), date(2026, 3, 2)):
        f.DutyFactory(volunteer=special.volunteer, duty_date=day, minutes=60)
    db.session.commit()
    for start, end, expected in [
        (date(2026, 1, 31), date(2026, 3, 1), 4),  # part January, whole February, one day of March
        (date(2026, 2, 2), date(2026, 2, 28), 1),  # inside one month
        (date(2026, 2, 1), date(2026, 2, 28), 2),  # exactly one month: the ledger alone
        (date(2026, 1, 1), date(2026, 3, 31), 5),
        (date(2026, 3, 2), date(2026, 3, 2), 1),
    ]:
        got = hours.totals_by_month(start, end)
        assert sum(t.duties for t in got) == expected, (start, end)


def test_random_operations_never_leave_the_ledger_wrong(db, make_user):
    """Many duties logged, approved, rejected, edited and deleted in random order, with membership changes.

    Every duty starts at 09:00 and lasts at most five hours, so one a day per person never overlaps another
    (which the database refuses)."""
    rng = random.Random(20261122)
    coordinator = make_user(Role.COORDINATOR)
    parishes = [f.ParishFactory() for _ in range(3)]
    people = [f.SpecialFactory().volunteer for _ in range(4)]
    db.session.commit()
    day0 = date(2025, 11, 1)
    made: list[Duty] = []
    for step in range(120):
        action = rng.random()
        if action < 0.45 or not made:
            volunteer = rng.choice(people)
            day = day0 + timedelta(days=rng.randrange(0, 300))
            if (volunteer.id, day) in {(d.volunteer_id, d.duty_date) for d in made}:
                continue
            duty = f.DutyFactory(
                volunteer=volunteer,
                duty_date=day,
                minutes=rng.choice([30, 60, 240]),
                parish=rng.choice(parishes + [None]),
                status=rng.choice([DutyStatus.PENDING, DutyStatus.APPROVED]),
            )
            made.append(duty)
        elif action < 0.65:
            duty = rng.choice(made)
            if duty.status == DutyStatus.PENDING:
                duties.approve_duty(duty, coordinator)
        elif action < 0.75:
            duty = rng.choice(made)
            duty.minutes = rng.choice([15, 45, 300])
            duty.ends_at = duty.starts_at + timedelta(minutes=duty.minutes)
        elif action < 0.85:
            duty = made.pop(rng.randrange(len(made)))
            db.session.delete(duty)
        elif action < 0.92:
            duty, volunteer = rng.choice(made), rng.choice(people)
            if (volunteer.id, duty.duty_date) not in {(d.volunteer_id, d.duty_date) for d in made}:
                duty.volunteer = volunteer
        else:
            volunteer = rng.choice(people)
            start = day0 + timedelta(days=rng.randrange(0, 300))
            db.session.add(ProgrammeMembership(volunteer=volunteer, programme=Programme.CSC, started_on=start))
        if step % 7 == 0:
            db.session.commit()
            assert ledger.differences(db.session) == [], f"after step {step}"
    db.session.commit()
    assert ledger.differences(db.session) == []
    # And the totals from the ledger equal a plain aggregate over the duties for an uneven period.
    start, end = date(2025, 11, 17), date(2026, 7, 9)
    plain = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Duty.minutes), 0)).where(
            Duty.status == DutyStatus.APPROVED, Duty.duty_date.between(start, end)
        )
    ).one()
    got = hours.totals_by_programme(start, end)
    assert (sum(t.duties for t in got), sum(t.minutes for t in got)) == tuple(plain)


def test_rebuild_all_recreates_the_ledger(db):
    special = f.SpecialFactory()
    f.DutyFactory(volunteer=special.volunteer, duty_date=date(2026, 2, 2))
    db.session.commit()
    db.session.execute(sa.delete(DutyMonthTotal))
    assert ledger.differences(db.session) != []
    assert ledger.rebuild_all(db.session) == 1
    assert ledger.differences(db.session) == []
