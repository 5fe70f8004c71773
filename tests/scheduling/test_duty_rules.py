"""Duty logging rules: times, overlap, joining date, ESP, approval and editing."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from core.dates import local_to_utc
from core.models import AuditEvent, Role
from core.refusals import Refusal
from scheduling.duties.review import approve_duty, reject_duty
from scheduling.duties.services import DutyInput, log_duty, update_duty
from scheduling.models import DutyStatus, DutyType
from tests import factories as f
from tests.scheduling.helpers import past_day


def _input(volunteer_id, day=None, start=time(18), end=time(22), **kw):
    return DutyInput(
        volunteer_id=volunteer_id, day=day or past_day(), start=start, end=end, duty_type=DutyType.PATROL, **kw
    )


def test_volunteer_logs_a_pending_duty_in_london_time(db, volunteer_user):
    day = date(2026, 7, 4)
    duty = log_duty(_input(volunteer_user.volunteer_id, day=day), volunteer_user)
    db.session.commit()
    assert duty.status == DutyStatus.PENDING
    assert duty.minutes == 240
    assert duty.starts_at.hour == 17  # 18:00 BST is 17:00 UTC
    assert duty.duty_date == day


def test_overnight_duty_with_end_date(db, volunteer_user):
    day = past_day()
    duty = log_duty(
        _input(volunteer_user.volunteer_id, day=day, start=time(22), end=time(2), end_day=day + timedelta(days=1)),
        volunteer_user,
    )
    assert duty.minutes == 240


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"start": time(22), "end": time(18)}, "end", "end after it starts"),
        ({"start": time(8), "end": time(9), "end_day_offset": 1}, "end", "24 hours"),
        ({"day_offset": -40}, "end", "future"),
        ({"day": date(2021, 12, 31)}, "day", "joined"),
    ],
)
def test_refusals(db, volunteer_user, kwargs, field, words):
    day = kwargs.pop("day", None) or past_day() + timedelta(
        days=-kwargs.pop("day_offset", 0) if "day_offset" in kwargs else 0
    )
    if "end_day_offset" in kwargs:
        kwargs["end_day"] = day + timedelta(days=kwargs.pop("end_day_offset"))
    with pytest.raises(Refusal) as refused:
        log_duty(_input(volunteer_user.volunteer_id, day=day, **kwargs), volunteer_user)
    assert refused.value.field == field
    assert words in refused.value.message


def test_overlap_refused_but_rejected_duty_does_not_block(db, volunteer_user, supervisor_user):
    first = log_duty(_input(volunteer_user.volunteer_id, start=time(18), end=time(22)), volunteer_user)
    with pytest.raises(Refusal, match="overlaps"):
        log_duty(_input(volunteer_user.volunteer_id, start=time(21), end=time(23)), volunteer_user)
    log_duty(_input(volunteer_user.volunteer_id, start=time(22), end=time(23)), volunteer_user)  # touching is fine
    reject_duty(first, supervisor_user, "Wrong day")
    log_duty(_input(volunteer_user.volunteer_id, start=time(18), end=time(21)), volunteer_user)


def test_esp_needs_an_employer_and_takes_it_from_the_special(db, volunteer_user):
    with pytest.raises(Refusal) as refused:
        log_duty(_input(volunteer_user.volunteer_id, is_esp=True), volunteer_user)
    assert refused.value.field == "is_esp"
    business = f.EspBusinessFactory()
    volunteer_user.volunteer.special.esp_business = business
    db.session.flush()
    duty = log_duty(_input(volunteer_user.volunteer_id, is_esp=True), volunteer_user)
    assert duty.esp_business_id == business.id


def test_volunteer_cannot_log_for_someone_else(db, volunteer_user):
    other = f.SpecialFactory().volunteer
    with pytest.raises(Refusal):
        log_duty(_input(other.id), volunteer_user)


def test_staff_logged_duty_is_approved(db, coordinator_user):
    other = f.SpecialFactory().volunteer
    duty = log_duty(_input(other.id), coordinator_user)
    assert duty.status == DutyStatus.APPROVED


def test_approval_then_edit_goes_back_to_pending_with_both_versions_audited(db, volunteer_user, supervisor_user):
    duty = log_duty(_input(volunteer_user.volunteer_id), volunteer_user)
    approve_duty(duty, supervisor_user)
    db.session.commit()
    with pytest.raises(Refusal, match="already approved"):
        approve_duty(duty, supervisor_user)
    update_duty(duty, _input(volunteer_user.volunteer_id, start=time(17), end=time(22)), volunteer_user)
    db.session.commit()
    assert duty.status == DutyStatus.PENDING and duty.minutes == 300
    change = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "duty_changed")).one()
    assert change.detail["before"]["minutes"] == 240 and change.detail["before"]["status"] == "approved"
    assert change.detail["after"]["minutes"] == 300 and change.detail["after"]["status"] == "pending"


def test_reject_needs_a_reason(db, volunteer_user, supervisor_user):
    duty = log_duty(_input(volunteer_user.volunteer_id), volunteer_user)
    with pytest.raises(Refusal):
        reject_duty(duty, supervisor_user, "  ")
    reject_duty(duty, supervisor_user, "Not on the roster")
    assert duty.status == DutyStatus.REJECTED and duty.rejection_reason == "Not on the roster"


def test_edit_that_overlaps_itself_is_allowed(db, volunteer_user):
    duty = log_duty(_input(volunteer_user.volunteer_id), volunteer_user)
    update_duty(duty, _input(volunteer_user.volunteer_id, start=time(19), end=time(22)), volunteer_user)
    assert duty.starts_at == local_to_utc(duty.duty_date, time(19))


def test_supervisor_scope_by_command(db, make_user):
    from core.permissions import scoped_select
    from scheduling.models import Duty

    mine = f.SpecialFactory()
    theirs = f.SpecialFactory()
    f.DutyFactory(volunteer=mine.volunteer)
    f.DutyFactory(volunteer=theirs.volunteer)
    supervisor = make_user(Role.SUPERVISOR, command=mine.command)
    seen = db.session.scalars(scoped_select(Duty, supervisor)).all()
    assert [d.volunteer_id for d in seen] == [mine.volunteer_id]
    assert db.session.scalars(scoped_select(Duty, make_user(Role.PARISH))).all() == []
    assert len(db.session.scalars(scoped_select(Duty, make_user(Role.SUPERVISOR))).all()) == 2
