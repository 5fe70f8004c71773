"""Repeating a shift weekly, templates, and filling a gap with only the people who may take it, ranked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.dates import LONDON, local_date, month_start
from core.models import Role
from core.refusals import Refusal
from scheduling.availability.models import Absence, AbsenceKind
from scheduling.hours.commitment import commitment_of, commitments_of
from scheduling.models import Shift, ShiftSignup, SignupStatus
from scheduling.rosters import gaps, repeats
from scheduling.rosters.models import ShiftTemplate
from scheduling.rosters.signups import sign_up
from tests import factories as f
from tests.factories.counting import QueryCounter
from tests.scheduling.helpers import post_form
from volunteers.models import Programme, ProgrammeSetting, VolunteerStatus


def test_a_weekly_repeat_keeps_the_london_time_across_the_clock_change_and_leaves_out_clashes(db):
    # 19:00 on Sunday 20 October 2030 (BST); the clocks go back on 27 October.
    starts = datetime(2030, 10, 20, 19, 0, tzinfo=LONDON).astimezone(UTC)
    shift = f.ShiftFactory(
        title="Night patrol",
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        signup_deadline=starts - timedelta(days=1),
    )
    clash = f.ShiftFactory(
        title="Night patrol",
        district=shift.district,
        starts_at=starts + timedelta(days=14, hours=2),
        ends_at=starts + timedelta(days=14, hours=5),
    )
    f.ShiftFactory(title="Night patrol", starts_at=starts + timedelta(days=21), cancelled=True)  # cancelled: no clash
    plan = repeats.plan_repeat(shift, 3)
    local = [r.starts_at.astimezone(LONDON) for r in plan.repeats]
    assert [(d.date(), d.hour) for d in local] == [
        (date(2030, 10, 27), 19),
        (date(2030, 11, 3), 19),
        (date(2030, 11, 10), 19),
    ]
    assert [r.clash.id if r.clash else None for r in plan.repeats] == [None, clash.id, None]
    assert plan.repeats[0].signup_deadline == plan.repeats[0].starts_at - timedelta(days=1)
    made, _ = repeats.repeat_weekly(shift, 3, None)
    assert [local_date(s.starts_at) for s in made] == [date(2030, 10, 27), date(2030, 11, 10)]
    assert all(s.title == "Night patrol" and s.places == shift.places for s in made)
    for weeks in (0, 27):
        with pytest.raises(Refusal) as refused:
            repeats.plan_repeat(shift, weeks)
        assert refused.value.field == "weeks"
    with pytest.raises(Refusal, match="Every one of those dates clashes"):
        repeats.repeat_weekly(shift, 1, None)  # 27 October is now taken by the copy just made


def test_repeat_through_the_screens_previews_then_creates(as_role, db):
    client = as_role(Role.COORDINATOR)
    shift = f.ShiftFactory(title="Market patrol")
    db.session.commit()
    url = f"/scheduling/shifts/{shift.id}/repeat"
    preview = post_form(client, url, {"weeks": "2", "preview": "Show the dates"}).get_data(as_text=True)
    assert (
        "<title>Repeat Market patrol of " in preview
        and " weekly: 2 dates" in preview
        and "2 shifts will be created." in preview
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Shift)) == 1
    bad = post_form(client, url, {"weeks": "two"}).get_data(as_text=True)
    assert "Number of weeks must be a whole number" in bad
    post_form(client, url, {"weeks": "2", "confirm": "Create the shifts"})
    assert db.session.scalar(sa.select(sa.func.count()).where(Shift.title == "Market patrol")) == 3


def test_a_template_saves_the_shape_and_prefills_a_new_shift(as_role, db):
    client = as_role(Role.COORDINATOR)
    starts = datetime(2030, 7, 4, 18, 30, tzinfo=LONDON).astimezone(UTC)
    shift = f.ShiftFactory(
        title="Pub watch",
        place="High Street",
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        places=3,
        eligible_programmes="special,csc",
    )
    db.session.commit()
    refused = post_form(client, f"/scheduling/shifts/{shift.id}/template", {"name": ""}).get_data(as_text=True)
    assert "Enter a name for the template" in refused
    post_form(client, f"/scheduling/shifts/{shift.id}/template", {"name": "Friday pubs"})
    template = db.session.scalars(sa.select(ShiftTemplate)).one()
    assert (template.starts.hour, template.starts.minute, template.minutes, template.places) == (18, 30, 300, 3)
    listed = client.get("/scheduling/shifts/templates").get_data(as_text=True)
    assert "Friday pubs" in listed and "18:30 for 5 hours, 3 places" in listed
    form = client.get(f"/scheduling/shifts/new?template={template.id}").get_data(as_text=True)
    assert "<title>Create a shift from Friday pubs" in form
    assert 'value="Pub watch"' in form and 'value="High Street"' in form and 'value="23:30"' in form
    assert 'value="csc" checked' in form
    post_form(
        client,
        "/scheduling/shifts/templates/delete",
        {"template_id": str(template.id)},
        get_url="/scheduling/shifts/templates",
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShiftTemplate)) == 0


def _done(volunteer, shift: Shift, hours: int) -> None:
    f.DutyFactory(volunteer=volunteer, duty_date=month_start(local_date(shift.starts_at)), minutes=hours * 60)


@pytest.fixture
def gap(db):
    """A Specials' shift in one district and the people around it."""
    shift = f.ShiftFactory(eligible_programmes="special", places=3)
    home, away = shift.district or f.DistrictFactory(), f.DistrictFactory()
    shift.district = home
    people = {
        "short_away": f.SpecialFactory(volunteer__district=away, volunteer__last_name="Away").volunteer,
        "short_home": f.SpecialFactory(volunteer__district=home, volunteer__last_name="Home").volunteer,
        "met": f.SpecialFactory(volunteer__district=home, volunteer__last_name="Met").volunteer,
        "booked": f.SpecialFactory(volunteer__district=home, volunteer__last_name="Booked").volunteer,
        "busy": f.SpecialFactory(volunteer__district=home, volunteer__last_name="Busy").volunteer,
        "paused": f.SpecialFactory(volunteer__district=home, volunteer__status=VolunteerStatus.PAUSED).volunteer,
        "erased": f.SpecialFactory(
            volunteer__district=home, volunteer__first_name="Erased", volunteer__last_name="volunteer #9"
        ).volunteer,
        "citizen": f.MembershipFactory(
            volunteer__district=home, volunteer__last_name="Citizen", programme=Programme.ACTIVE_CITIZEN
        ).volunteer,
        "on_leave": f.SpecialFactory(volunteer__district=home, volunteer__last_name="Leave").volunteer,
    }
    day = local_date(shift.starts_at)
    db.session.add(Absence(volunteer_id=people["on_leave"].id, kind=AbsenceKind.LEAVE, starts_on=day, ends_on=day))
    _done(people["met"], shift, 16)
    _done(people["short_home"], shift, 4)
    _done(people["short_away"], shift, 4)
    db.session.flush()
    sign_up(shift.id, people["booked"])
    elsewhere = f.ShiftFactory(
        title="Court duty", starts_at=shift.starts_at + timedelta(hours=1), ends_at=shift.ends_at
    )
    sign_up(elsewhere.id, people["busy"])
    db.session.commit()
    return shift, people


def test_only_people_who_may_take_the_shift_are_offered_short_of_hours_first_then_the_district(db, gap):
    shift, people = gap
    offered = gaps.gap_candidates(shift)
    assert [p.volunteer_id for p in offered] == [people["short_home"].id, people["short_away"].id, people["met"].id]
    assert offered[0].minutes_short == 12 * 60 and offered[0].same_district and not offered[1].same_district
    why = {p.volunteer_id: p.reason for p in gaps.left_out(shift)}
    assert why == {
        people["booked"].id: "Already on this shift",
        people["busy"].id: "Booked at the same time: Court duty",
        people["citizen"].id: "This shift is only for: Special Constable",
        people["on_leave"].id: "Absent (leave)",
    }
    assert people["paused"].id not in why and people["erased"].id not in why


def test_filling_a_gap_costs_the_same_queries_for_many_people(db, gap):
    shift, _people = gap

    def count() -> int:
        with QueryCounter(db.engine) as counter:
            gaps.gap_candidates(shift)
            gaps.left_out(shift)
        return counter.count

    few = count()
    for _ in range(15):
        f.SpecialFactory(volunteer__district=shift.district)
    db.session.commit()
    assert count() == few


def test_commitments_of_agrees_with_commitment_of(db):
    db.session.add(ProgrammeSetting(programme=Programme.ACTIVE_CITIZEN, monthly_commitment_minutes=8 * 60))
    special = f.SpecialFactory(monthly_commitment_minutes=20 * 60).volunteer
    usual = f.SpecialFactory().volunteer
    citizen = f.MembershipFactory(programme=Programme.ACTIVE_CITIZEN).volunteer
    nobody = f.VolunteerFactory()
    db.session.flush()
    ids = [special.id, usual.id, citizen.id, nobody.id]
    assert commitments_of(ids) == {vid: commitment_of(vid) for vid in ids}
    assert commitments_of(ids)[citizen.id] == 8 * 60 and commitments_of(ids)[nobody.id] is None


def test_the_gap_page_adds_a_person_who_is_told(as_role, db, gap):
    client = as_role(Role.COORDINATOR)
    shift, people = gap
    page = client.get(f"/scheduling/shifts/{shift.id}/gaps").get_data(as_text=True)
    assert "<title>Fill a gap on" in page and "4 of 16 hours this month (12 short)" in page
    assert "Booked" not in page.split("<main", 1)[1]
    response = post_form(
        client,
        f"/scheduling/shifts/{shift.id}/assign",
        {"volunteer_id": str(people["short_home"].id), "back": "gaps"},
        get_url=f"/scheduling/shifts/{shift.id}/gaps",
    )
    assert response.headers["Location"].endswith(f"/scheduling/shifts/{shift.id}/gaps")
    status = db.session.scalar(sa.select(ShiftSignup.status).where(ShiftSignup.volunteer_id == people["short_home"].id))
    assert status == SignupStatus.CONFIRMED
    left_out = client.get(f"/scheduling/shifts/{shift.id}/gaps/left-out").get_data(as_text=True)
    assert "Already on this shift" in left_out and "Booked at the same time: Court duty" in left_out
