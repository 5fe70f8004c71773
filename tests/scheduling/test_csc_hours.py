"""CSC hours in their own parish have one owner (scheduling.hours.csc): the post held on the day of each duty.

A CSC who has left still counts for the council's past months, a CSC who moved counts for the parish they
served then, and the hours page, its PDF, the dashboard, the parish portal and its PDF statement all read
the same figure for the same month.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.dated import effective_on
from core.extensions import db as _db
from core.models import Role
from dashboard.periods import Period
from dashboard.queries.activity import csc_parish_duties
from scheduling.hours.csc import csc_hours_in_own_parish
from scheduling.models import DutyStatus
from schemes.models import PostState
from schemes.parishes.in_post import count_cscs_in_post
from schemes.parishes.portal import parish_statement
from tests import factories as f
from tests.factories import dated as d
from tests.schemes.helpers import pdf_text
from volunteers.models import Programme

JULY = (date(2026, 7, 1), date(2026, 7, 31))
SEPTEMBER = (date(2026, 9, 1), date(2026, 9, 30))


def _post(parish, number=1):
    return f.CscPostFactory(agreement=f.CscAgreementFactory(parish=parish), post_number=number)


def _leave_post(special, day, post_state=PostState.VACANT_AFTER_LEAVER):
    """The CSC leaves their post on ``day`` (their CSC membership ends; the post falls vacant)."""
    with effective_on(day):
        post = special.csc_post
        special.csc_post = None
        post.state, post.state_since = post_state, day
        for spell in special.volunteer.memberships:
            if spell.programme == Programme.CSC:
                spell.ended_on = day
        _db.session.flush()


@pytest.fixture
def parishes(db):
    a, b = f.ParishFactory(name="Billericay"), f.ParishFactory(name="Coggeshall")
    stays = d.csc(_post(a), joined=date(2024, 1, 8), csc_since=date(2024, 6, 1))
    leaver = d.csc(_post(a, 2), joined=date(2024, 1, 8), csc_since=date(2024, 6, 1))
    mover = d.csc(_post(b), joined=date(2024, 1, 8), csc_since=date(2024, 6, 1))
    for who, parish in ((stays, a), (leaver, a), (mover, b)):
        d.duty(who.volunteer, date(2026, 7, 3), minutes=240, parish=parish)
        d.duty(who.volunteer, date(2026, 7, 17), minutes=180, parish=parish)
        d.duty(who.volunteer, date(2026, 7, 18), minutes=600, parish=parish, status=DutyStatus.PENDING)
        d.duty(who.volunteer, date(2026, 9, 9), minutes=300, parish=a)  # in A, September
    d.duty(stays.volunteer, date(2026, 7, 4), minutes=420, parish=b)  # not their own parish
    d.duty(d.special().volunteer, date(2026, 7, 5), minutes=300, parish=a)  # no CSC
    # The leaver leaves on 1 August; the mover moves to a post in A on 1 August.
    _leave_post(leaver, date(2026, 8, 1))
    new_post = _post(a, 3)
    with effective_on(date(2026, 8, 1)):
        old = mover.csc_post
        mover.csc_post = None
        _db.session.flush()
        old.state, old.state_since = PostState.VACANT_AFTER_LEAVER, date(2026, 8, 1)
        mover.csc_post = new_post
        _db.session.flush()
    db.session.commit()
    return {"a": a, "b": b, "stays": stays, "leaver": leaver, "mover": mover}


def test_the_post_held_on_the_day_counts(parishes):
    a, b = parishes["a"], parishes["b"]
    july_a = csc_hours_in_own_parish(*JULY, parish_id=a.id)
    assert (july_a.officers_with_duties, july_a.duties, july_a.minutes) == (2, 4, 840)  # the leaver too
    july_b = csc_hours_in_own_parish(*JULY, parish_id=b.id)
    assert (july_b.officers_with_duties, july_b.duties, july_b.minutes) == (1, 2, 420)  # the mover, then in B
    september_a = csc_hours_in_own_parish(*SEPTEMBER, parish_id=a.id)
    # The leaver's September duty in A no longer counts; the mover's does (now A's CSC).
    assert (september_a.officers_with_duties, september_a.duties, september_a.minutes) == (2, 2, 600)
    assert csc_hours_in_own_parish(*SEPTEMBER, parish_id=b.id).duties == 0
    everyone = csc_hours_in_own_parish(date(2026, 7, 1), date(2026, 9, 30))
    assert (everyone.officers_with_duties, everyone.parishes, everyone.duties, everyone.minutes) == (3, 2, 8, 1860)


def test_cscs_in_post_on_a_day(parishes):
    a, b = parishes["a"], parishes["b"]
    assert count_cscs_in_post(date(2026, 7, 31)) == 3
    assert count_cscs_in_post(date(2026, 7, 31), a.id) == 2
    assert count_cscs_in_post(date(2026, 8, 1)) == 2  # the leaver has gone
    assert count_cscs_in_post(date(2026, 8, 1), b.id) == 0 and count_cscs_in_post(date(2026, 8, 1), a.id) == 2
    assert count_cscs_in_post(date(2024, 5, 31)) == 0  # before anyone was a CSC


def test_every_place_reads_the_same_figure(parishes, as_role):
    """The portal and its PDF statement, the hours page, its PDF and the dashboard, for July and September."""
    for first, last in (JULY, SEPTEMBER):
        whole = csc_hours_in_own_parish(first, last)
        assert csc_parish_duties(Period(first, last)) == {
            "cscs": whole.officers_with_duties,
            "parishes": whole.parishes,
            "duties": whole.duties,
            "minutes": whole.minutes,
            "hours": whole.hours,
        }
        statements = [parish_statement(p, first) for p in (parishes["a"], parishes["b"])]
        assert sum(s.total_minutes for s in statements) == whole.minutes
        assert sum(s.total_duties for s in statements) == whole.duties
        for statement in statements:
            own = csc_hours_in_own_parish(first, last, parish_id=statement.parish.id)
            assert (statement.total_duties, statement.total_minutes) == (own.duties, own.minutes)
            assert statement.history[-1][1:] == (own.duties, own.minutes)
    coordinator = as_role(Role.COORDINATOR)
    page = coordinator.get("/scheduling/hours?start=2026-07-01&end=2026-07-31").get_data(as_text=True)
    assert "3 CSCs did 6 duties and 21 hours in their own parishes" in page
    council = as_role(Role.PARISH, parish=parishes["a"])
    portal = council.get("/schemes/parishes/portal?month=2026-07").get_data(as_text=True)
    leaver = parishes["leaver"].volunteer
    assert f"{leaver.first_name} {leaver.last_name}" in portal  # left since, still in July's figures
    text = pdf_text(council.get("/schemes/parishes/portal/statement.pdf?month=2026-07").data)
    assert "Duties: 4. Hours policed in the parish: 14 against a commitment of 32 hours" in text
