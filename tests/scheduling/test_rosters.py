"""Rosters: sign-up rules, clashes, waiting list, deadline, eligibility, attendance, calendar feed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.models import Role
from core.refusals import Refusal
from scheduling.models import Attendance, ShiftSignup, SignupStatus
from scheduling.rosters import ical
from scheduling.rosters import services as rosters
from tests import factories as f
from tests.scheduling.helpers import post_form
from volunteers.models import Programme


def _in(days=3, hours=0):
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=days, hours=hours)


def _special():
    return f.SpecialFactory().volunteer


def test_full_shift_takes_a_waiting_list_that_moves_up(db):
    shift = f.ShiftFactory(places=1)
    a, b, c = _special(), _special(), _special()
    assert rosters.sign_up(shift.id, a).status == SignupStatus.CONFIRMED
    assert rosters.sign_up(shift.id, b).status == SignupStatus.WAITING
    assert rosters.sign_up(shift.id, c).status == SignupStatus.WAITING
    moved = rosters.withdraw(shift.id, a.id)
    assert [s.volunteer_id for s in moved] == [b.id]
    statuses = dict(db.session.execute(sa.select(ShiftSignup.volunteer_id, ShiftSignup.status)).all())
    assert statuses == {a.id: SignupStatus.WITHDRAWN, b.id: SignupStatus.CONFIRMED, c.id: SignupStatus.WAITING}
    # signing up again after withdrawing reuses the row and joins the end of the queue
    assert rosters.sign_up(shift.id, a).status == SignupStatus.WAITING


def test_clash_refused(db):
    volunteer = _special()
    first = f.ShiftFactory(starts_at=_in(3), ends_at=_in(3, 4))
    second = f.ShiftFactory(starts_at=_in(3, 2), ends_at=_in(3, 6))
    third = f.ShiftFactory(starts_at=_in(3, 4), ends_at=_in(3, 6))
    rosters.sign_up(first.id, volunteer)
    with pytest.raises(Refusal, match="clashes"):
        rosters.sign_up(second.id, volunteer)
    rosters.sign_up(third.id, volunteer)  # back to back is fine


def test_deadline_and_started_shifts_refused(db):
    volunteer = _special()
    late = f.ShiftFactory(signup_deadline=datetime.now(UTC) - timedelta(hours=1))
    with pytest.raises(Refusal, match="deadline"):
        rosters.sign_up(late.id, volunteer)
    assert rosters.sign_up(late.id, volunteer, enforce_deadline=False).status == SignupStatus.CONFIRMED
    started = f.ShiftFactory(starts_at=_in(0, -1), ends_at=_in(0, 2))
    with pytest.raises(Refusal, match="started"):
        rosters.sign_up(started.id, volunteer)


def test_double_signup_refused(db):
    volunteer, shift = _special(), f.ShiftFactory()
    rosters.sign_up(shift.id, volunteer)
    with pytest.raises(Refusal, match="already"):
        rosters.sign_up(shift.id, volunteer)


def test_eligibility_programme_rank_skill_and_cadets(db):
    special = f.SpecialFactory(rank=f.RankFactory(seniority=1))
    only_cadets = f.ShiftFactory(eligible_programmes="cadet")
    with pytest.raises(Refusal, match="only for"):
        rosters.sign_up(only_cadets.id, special.volunteer)
    senior = f.ShiftFactory(minimum_rank_seniority=5)
    with pytest.raises(Refusal, match="senior rank"):
        rosters.sign_up(senior.id, special.volunteer)
    from volunteers.models import Skill

    skill = Skill(name="Driver trained")
    db.session.add(skill)
    db.session.flush()
    needs_skill = f.ShiftFactory(required_skill_id=skill.id)
    with pytest.raises(Refusal, match="skill"):
        rosters.sign_up(needs_skill.id, special.volunteer)
    special.skills.append(skill)
    db.session.flush()
    rosters.sign_up(needs_skill.id, special.volunteer)

    cadet = f.CadetFactory(guardian_consent_on=None)
    f.MembershipFactory(volunteer=cadet.volunteer, programme=Programme.CADET)
    adult_patrol = f.ShiftFactory()
    with pytest.raises(Refusal, match="not open to cadets"):
        rosters.sign_up(adult_patrol.id, cadet.volunteer)
    with pytest.raises(Refusal, match="consent"):
        rosters.sign_up(only_cadets.id, cadet.volunteer)
    cadet.guardian_consent_on = date(2025, 1, 1)
    db.session.flush()
    assert rosters.sign_up(only_cadets.id, cadet.volunteer).status == SignupStatus.CONFIRMED


def test_attendance_and_no_shows(db):
    shift = f.ShiftFactory(starts_at=_in(-2), ends_at=_in(-2, 4))
    a = _special()
    signup = ShiftSignup(shift_id=shift.id, volunteer_id=a.id, status=SignupStatus.CONFIRMED)
    db.session.add(signup)
    db.session.flush()
    rosters.record_attendance(signup, Attendance.NO_SHOW)
    day = shift.starts_at.date()
    assert rosters.no_show_counts(day - timedelta(days=1), day + timedelta(days=1)) == {a.id: 1}


def test_calendar_feed_is_secret_revocable_and_in_utc(app, as_role, client, db):
    volunteer_client = as_role(Role.VOLUNTEER)
    volunteer = volunteer_client.user.volunteer
    shift = f.ShiftFactory(
        title="Carnival; parade, night",
        starts_at=datetime(2030, 7, 4, 17, 0, tzinfo=UTC),
        ends_at=datetime(2030, 7, 4, 21, 30, tzinfo=UTC),
    )
    rosters.sign_up(shift.id, volunteer)
    db.session.commit()
    page = post_form(volunteer_client, "/scheduling/calendar/new", {}, get_url="/scheduling/calendar")
    html = page.get_data(as_text=True)
    url = html.split('id="feed-url" class="cip-break">')[1].split("<")[0]
    path = url.split("://", 1)[1].split("/", 1)[1]
    with app.test_client() as anonymous:
        feed = anonymous.get("/" + path)
        assert feed.status_code == 200 and feed.mimetype == "text/calendar"
        body = feed.get_data(as_text=True)
        assert "DTSTART:20300704T170000Z" in body and "DTEND:20300704T213000Z" in body
        assert "SUMMARY:Carnival\\; parade\\, night" in body and "\r\n" in body
        post_form(volunteer_client, "/scheduling/calendar/revoke", {}, get_url="/scheduling/calendar")
        assert anonymous.get("/" + path).status_code == 404
        assert anonymous.get("/scheduling/calendar/not-a-token.ics").status_code == 404
    assert ical.volunteer_for_token("") is None


def test_volunteer_signs_up_and_withdraws_through_the_screens(as_role, db):
    client = as_role(Role.VOLUNTEER)
    shift = f.ShiftFactory(places=1, title="Town patrol")
    db.session.commit()
    assert "Town patrol" in client.get("/scheduling/shifts").get_data(as_text=True)
    page = post_form(
        client,
        f"/scheduling/shifts/{shift.id}/signup",
        {},
        get_url=f"/scheduling/shifts/{shift.id}",
        follow_redirects=True,
    )
    assert "You are signed up" in page.get_data(as_text=True)
    page = post_form(
        client,
        f"/scheduling/shifts/{shift.id}/withdraw",
        {},
        get_url=f"/scheduling/shifts/{shift.id}",
        follow_redirects=True,
    )
    assert "You have withdrawn" in page.get_data(as_text=True)


def test_coordinator_creates_shift_sees_roster_and_fills_gap(as_role, db):
    client = as_role(Role.COORDINATOR)
    district = f.DistrictFactory(name="Colchester")
    volunteer = _special()
    db.session.commit()
    day = (datetime.now(UTC) + timedelta(days=5)).date()
    response = post_form(
        client,
        "/scheduling/shifts/new",
        {
            "title": "Night-time economy",
            "shift_type": "patrol",
            "day": day.isoformat(),
            "start": "20:00",
            "end": "02:00",
            "end_day": (day + timedelta(days=1)).isoformat(),
            "places": "3",
            "district_id": str(district.id),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    shift_id = int(response.headers["Location"].rsplit("/", 1)[1])
    roster = client.get(f"/scheduling/rosters?view=week&start={day.isoformat()}&district={district.id}").get_data(
        as_text=True
    )
    assert "Night-time economy" in roster and "3 to fill" in roster
    month = client.get(f"/scheduling/rosters?view=month&start={day.isoformat()}")
    assert month.status_code == 200
    post_form(
        client,
        f"/scheduling/shifts/{shift_id}/assign",
        {"volunteer_id": str(volunteer.id)},
        get_url=f"/scheduling/shifts/{shift_id}",
    )
    assert (
        db.session.scalar(sa.select(ShiftSignup.volunteer_id).where(ShiftSignup.shift_id == shift_id)) == volunteer.id
    )
    bad = post_form(
        client,
        "/scheduling/shifts/new",
        {"title": "x", "shift_type": "patrol", "day": day.isoformat(), "start": "20:00", "end": "19:00", "places": "1"},
    )
    assert "The shift must end after it starts" in bad.get_data(as_text=True)


def test_parish_cannot_see_shifts(as_role, db):
    shift = f.ShiftFactory()
    db.session.commit()
    client = as_role(Role.PARISH)
    assert client.get(f"/scheduling/shifts/{shift.id}").status_code == 403
