"""Scope rules: who sees which volunteer records, and cadet personal data."""

from __future__ import annotations

from datetime import date

import pytest

from core.extensions import db as _db
from core.models import Role
from core.permissions import scoped_select
from tests import factories as f
from tests.factories import ApplicationFactory, CadetLeaderFactory
from volunteers.models import Application, Cadet, Vetting, Volunteer
from volunteers.scopes import sees_cadet_personal_data


def _ids(user, model=Volunteer):
    pk = model.id if hasattr(model, "id") else model.volunteer_id
    return set(_db.session.scalars(scoped_select(model, user).with_only_columns(pk)))


@pytest.fixture
def people(db):
    north, south = f.CommandFactory(name="North"), f.CommandFactory(name="South")
    north_special = f.SpecialFactory(volunteer__district=f.DistrictFactory(command=north))
    south_special = f.SpecialFactory(volunteer__district=f.DistrictFactory(command=south))
    # posted to North though living in the South
    cross = f.SpecialFactory(volunteer__district=f.DistrictFactory(command=south), command=north)
    cadet = f.CadetFactory(volunteer__district=f.DistrictFactory(command=south))
    db.session.commit()
    return {"north": north, "south": south, "ns": north_special, "ss": south_special, "cross": cross, "cadet": cadet}


def test_staff_see_everyone(make_user, people):
    for role in (Role.ADMIN, Role.COORDINATOR):
        assert len(_ids(make_user(role))) == 4


def test_supervisor_sees_their_command_or_everyone(make_user, people):
    north_sup = make_user(Role.SUPERVISOR, command=people["north"])
    assert _ids(north_sup) == {people["ns"].volunteer_id, people["cross"].volunteer_id}
    # Someone posted to North is North's only, wherever they live; the South has its own and the cadet.
    south_sup = make_user(Role.SUPERVISOR, command=people["south"])
    assert _ids(south_sup) == {people["ss"].volunteer_id, people["cadet"].volunteer_id}
    assert len(_ids(make_user(Role.SUPERVISOR))) == 4


def test_volunteer_sees_only_themselves(make_user, people):
    user = make_user(Role.VOLUNTEER, volunteer=people["ns"].volunteer)
    assert _ids(user) == {people["ns"].volunteer_id}
    assert _ids(user, Vetting) == set()


def test_parish_and_employer_see_no_volunteers(make_user, people):
    assert _ids(make_user(Role.PARISH)) == set()
    assert _ids(make_user(Role.EMPLOYER)) == set()


def test_applications_are_staff_only(make_user, db):
    ApplicationFactory()
    db.session.commit()
    assert len(_ids(make_user(Role.COORDINATOR), Application)) == 1
    for role in (Role.SUPERVISOR, Role.VOLUNTEER, Role.PARISH, Role.EMPLOYER):
        assert _ids(make_user(role), Application) == set()


def test_cadet_personal_data_only_for_staff_and_own_unit_leaders(make_user, people, db):
    cadet = people["cadet"]
    own_leader = CadetLeaderFactory(unit=cadet.unit)
    other_leader = CadetLeaderFactory()
    db.session.commit()
    assert sees_cadet_personal_data(make_user(Role.COORDINATOR), cadet)
    assert sees_cadet_personal_data(make_user(Role.ADMIN), cadet)
    assert not sees_cadet_personal_data(make_user(Role.SUPERVISOR), cadet)
    assert sees_cadet_personal_data(make_user(Role.VOLUNTEER, volunteer=own_leader.volunteer), cadet)
    assert not sees_cadet_personal_data(make_user(Role.VOLUNTEER, volunteer=other_leader.volunteer), cadet)
    # a leader of the unit can read the unit's cadet rows; others cannot
    leader_user = make_user(Role.VOLUNTEER, volunteer=own_leader.volunteer)
    assert _ids(leader_user, Cadet) == {cadet.volunteer_id}
    assert _ids(make_user(Role.VOLUNTEER, volunteer=other_leader.volunteer), Cadet) == set()
    assert cadet.volunteer.date_of_birth == date(2011, 3, 1)
