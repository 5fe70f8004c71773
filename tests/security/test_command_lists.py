"""A supervisor sees the people of their own command on every list, never another command's (issue 14 item 2).

Two commands built with factories, each with Specials (one posted to North while living in a South district,
one Active Citizen without a posting living in a North district), duties approved and pending, far more hours
than the commitment (the welfare list), shifts with people of both commands signed up. The South supervisor
opens every list page; no North person's name appears, while the South people's names do where the page
lists people (so the check can fail).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.dates import LONDON, today
from core.models import Role
from scheduling.models import DutyStatus, ShiftSignup, SignupStatus
from tests import factories as f
from tests.factories import sign_in_session
from volunteers.models import Programme, ProgrammeSetting
from volunteers.scopes import command_volunteer_ids


def _special(district, last_name, command=None):
    special = f.SpecialFactory(volunteer__district=district, volunteer__last_name=last_name)
    if command is not None:
        special.command = command
    return special


@pytest.fixture
def two_commands(db):
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    north_district, south_district = f.DistrictFactory(command=north), f.DistrictFactory(command=south)
    db.session.add(ProgrammeSetting(programme=Programme.SPECIAL, monthly_commitment_minutes=16 * 60))
    people = {
        "north": [
            _special(north_district, "Northcott"),
            _special(south_district, "Crossposted", command=north),  # posted North, lives South
            f.MembershipFactory(
                volunteer=f.VolunteerFactory(district=north_district, last_name="Northcitizen"),
                programme=Programme.ACTIVE_CITIZEN,
            ),
        ],
        "south": [_special(south_district, "Southgate"), _special(south_district, "Southwell")],
    }
    day = today().replace(day=1)
    everyone = [(side, p.volunteer) for side, group in people.items() for p in group]
    for _side, volunteer in everyone:
        # 60 hours this month: far more than three times 16 (the welfare list), and one duty pending.
        for n in range(5):
            f.DutyFactory(volunteer=volunteer, duty_date=day, minutes=720, starts_at=_at(day, n * 24))
        f.DutyFactory(volunteer=volunteer, duty_date=day, status=DutyStatus.PENDING, starts_at=_at(day, 150))
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    shifts = [
        f.ShiftFactory(district=north_district, starts_at=starts, places=10),
        f.ShiftFactory(district=south_district, starts_at=starts + timedelta(hours=5), places=10),
    ]
    for shift in shifts:
        for _side, volunteer in everyone:
            db.session.add(ShiftSignup(shift=shift, volunteer=volunteer, status=SignupStatus.CONFIRMED))
    db.session.commit()
    return {"north": north, "south": south, "people": people, "shifts": shifts}


def _at(day, hours):
    return datetime(day.year, day.month, day.day, 6, tzinfo=UTC) + timedelta(hours=hours)


def _names(group):
    return [p.volunteer.last_name for p in group]


def test_the_definition_of_a_command(db, two_commands):
    """Posted there, or (without a posting) living in one of its districts."""
    ids = set(db.session.scalars(command_volunteer_ids(two_commands["north"].id)))
    assert ids == {p.volunteer_id for p in two_commands["people"]["north"]}
    south = set(db.session.scalars(command_volunteer_ids(two_commands["south"].id)))
    assert south == {p.volunteer_id for p in two_commands["people"]["south"]}
    assert not ids & south


def test_south_supervisor_sees_no_north_person_on_any_list(db, client, make_user, two_commands):
    supervisor = make_user(Role.SUPERVISOR, command=two_commands["south"])
    sign_in_session(client, supervisor)
    north, south = _names(two_commands["people"]["north"]), _names(two_commands["people"]["south"])
    month = today().strftime("%Y-%m")
    # The week of the South shift (two days ahead may be next week): the roster shows one week.
    week = f"start={two_commands['shifts'][1].starts_at.astimezone(LONDON).date().isoformat()}"
    listing_people = [
        "/volunteers/",
        f"/scheduling/hours/welfare?month={month}",
        "/scheduling/duties",
        "/scheduling/duties/approvals",
        "/scheduling/home/supervisor",
        f"/scheduling/rosters?area=every&{week}",
        f"/scheduling/rosters?area=c{two_commands['south'].id}&{week}",
        *(f"/scheduling/shifts/{s.id}" for s in two_commands["shifts"]),
    ]
    other_pages = [
        f"/scheduling/rosters?area=c{two_commands['north'].id}&{week}",
        "/scheduling/hours",
        "/scheduling/hours?by=programme",
        "/volunteers/export.csv",
    ]
    for path in listing_people + other_pages:
        page = client.get(path)
        assert page.status_code in (200, 403), path
        for name in north:
            assert name not in page.text, f"{name} (North) on {path}"
        if path in listing_people:
            assert page.status_code == 200, path
            assert all(name in page.text for name in south), f"South people missing from {path}"


def test_north_supervisor_sees_the_crossposted_special_and_the_citizen(db, client, make_user, two_commands):
    supervisor = make_user(Role.SUPERVISOR, command=two_commands["north"])
    sign_in_session(client, supervisor)
    page = client.get("/volunteers/")
    assert all(name in page.text for name in _names(two_commands["people"]["north"]))
    assert not any(name in page.text for name in _names(two_commands["people"]["south"]))
    duties = client.get("/scheduling/duties/approvals").text
    assert "Crossposted" in duties and "Southgate" not in duties


def test_coordinator_sees_both_commands(db, client, make_user, two_commands):
    sign_in_session(client, make_user(Role.COORDINATOR))
    text = client.get(f"/scheduling/hours/welfare?month={today():%Y-%m}").text
    everyone = _names(two_commands["people"]["north"]) + _names(two_commands["people"]["south"])
    # The Active Citizen is no Special: the welfare list holds Specials only.
    assert all(name in text for name in everyone if name != "Northcitizen")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShiftSignup)) == 10
