"""Leaving: a reason chosen from the list (with words beside it), and a leaver's places on shifts not yet started
go to the people waiting, through the roster's own withdrawal; erasure does the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.dates import today
from core.extensions import db as _db
from core.refusals import Refusal
from notices.models import Notice
from privacy.erasure import erase_volunteer
from scheduling.models import ShiftSignup, SignupStatus
from scheduling.rosters import signups
from tests import factories as f
from volunteers import lifecycle
from volunteers.leaving_reasons import LeavingReason, leaving_reason_from_cell
from volunteers.models import VolunteerStatus


def _special():
    return f.SpecialFactory().volunteer


def _statuses(shift_id: int) -> dict[int, SignupStatus]:
    rows = sa.select(ShiftSignup.volunteer_id, ShiftSignup.status).where(ShiftSignup.shift_id == shift_id)
    return dict(_db.session.execute(rows).all())


def _told(volunteer_id: int) -> list[str]:
    return list(_db.session.scalars(sa.select(Notice.kind).where(Notice.volunteer_id == volunteer_id)))


@pytest.fixture
def rota(db):
    """The leaver holds a place on a full shift with two waiting, waits on another, and held a place on a past one."""
    leaver, first, second, other = _special(), _special(), _special(), _special()
    full = f.ShiftFactory(places=1)
    for person in (leaver, first, second):
        signups.sign_up(full.id, person)
    later = f.ShiftFactory(places=1, starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=9))
    later.ends_at = later.starts_at + timedelta(hours=4)
    signups.sign_up(later.id, other)
    signups.sign_up(later.id, leaver)
    past = f.ShiftFactory(
        starts_at=datetime.now(UTC) - timedelta(days=2), ends_at=datetime.now(UTC) - timedelta(days=2)
    )
    db.session.add(ShiftSignup(shift_id=past.id, volunteer_id=leaver.id, status=SignupStatus.CONFIRMED))
    db.session.commit()
    return leaver, first, second, other, full, later, past


def test_a_leavers_future_place_goes_to_the_first_waiting_who_is_told_once(rota, db):
    leaver, first, second, other, full, later, past = rota
    lifecycle.leave(leaver, today(), LeavingReason.JOINED_REGULARS, today())
    db.session.commit()
    assert _statuses(full.id) == {
        leaver.id: SignupStatus.WITHDRAWN,
        first.id: SignupStatus.CONFIRMED,
        second.id: SignupStatus.WAITING,
    }
    assert _statuses(later.id) == {other.id: SignupStatus.CONFIRMED, leaver.id: SignupStatus.WITHDRAWN}
    assert _statuses(past.id) == {leaver.id: SignupStatus.CONFIRMED}  # a shift already worked is history
    assert _told(first.id) == ["waiting_list"] and _told(second.id) == [] and _told(other.id) == []
    assert signups.waiting_while_free() == []
    assert leaver.left_because == LeavingReason.JOINED_REGULARS and leaver.leave_reason is None


def test_erasing_someone_still_serving_gives_up_their_places_too(rota, db):
    leaver, first, _second, _other, full, _later, past = rota
    erase_volunteer(leaver.id)
    db.session.commit()
    assert leaver.status == VolunteerStatus.LEFT and leaver.left_because == LeavingReason.OTHER
    assert _statuses(full.id)[leaver.id] == SignupStatus.WITHDRAWN and _told(first.id) == ["waiting_list"]
    assert _statuses(past.id) == {leaver.id: SignupStatus.CONFIRMED}


def test_a_reason_comes_from_the_list_and_other_needs_words(db):
    person = _special()
    with pytest.raises(Refusal, match="Choose the reason"):
        lifecycle.leave(person, today(), "Fed up", today())
    with pytest.raises(Refusal, match="Enter why they left"):
        lifecycle.leave(person, today(), LeavingReason.OTHER, today(), detail="  ")
    assert person.status != VolunteerStatus.LEFT
    assert (
        leaving_reason_from_cell("Moved away") == leaving_reason_from_cell(" moved_away ") == LeavingReason.MOVED_AWAY
    )
    assert leaving_reason_from_cell("") is None
