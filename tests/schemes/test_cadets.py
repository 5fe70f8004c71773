"""Cadet units: counts, capacity, status, and rolls only for staff and the unit's own leaders."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.models import AuditEvent, Role
from schemes.models import CadetUnit, UnitStatus
from tests import factories as f
from tests.factories import CadetLeaderFactory
from tests.schemes.helpers import post_form
from volunteers.models import VolunteerStatus


def _units(db):
    unit = f.CadetUnitFactory(name="Colchester VPC", capacity=30)
    f.CadetFactory(
        unit=unit,
        volunteer__first_name="Casey",
        volunteer__last_name="Young",
        volunteer__date_of_birth=date(2011, 3, 1),
        guardian_name="Pat Young",
        guardian_phone="07700 900555",
    )
    f.CadetFactory(unit=unit, volunteer__status=VolunteerStatus.LEFT)
    leader = CadetLeaderFactory(
        unit=unit, volunteer__first_name="Lee", volunteer__last_name="Leader", is_unit_lead=True
    )
    other = f.CadetUnitFactory(name="Braintree VPC", status=UnitStatus.REOPENING)
    f.CadetFactory(unit=other, volunteer__first_name="Other", volunteer__last_name="Child")
    other_leader = CadetLeaderFactory(unit=other)
    db.session.commit()
    return unit, other, leader, other_leader


def test_unit_list_counts_filters_and_csv(as_role, db):
    client = as_role(Role.SUPERVISOR)
    unit, other, _leader, _other_leader = _units(db)
    page = client.get("/schemes/cadet-units").get_data(as_text=True)
    assert "2 units: 2 cadets, 2 leaders" in page and "Re-opening" in page
    page = client.get("/schemes/cadet-units?status=reopening").get_data(as_text=True)
    assert "Braintree VPC" in page and "Colchester VPC" not in page
    csv = client.get("/schemes/cadet-units/export.csv").get_data(as_text=True)
    assert "Colchester VPC,Colchester," in csv and ",Open,1,1,30,29," in csv
    assert "Casey" not in csv
    detail = client.get(f"/schemes/cadet-units/{unit.id}").get_data(as_text=True)
    assert "Lee Leader (unit lead)" in detail and "Casey Young" not in detail
    assert client.get(f"/schemes/cadet-units/{unit.id}/roll").status_code == 403  # supervisors: no children's details


def test_roll_for_staff_and_own_leader_only(as_role, db, make_user):
    unit, other, leader, _other_leader = _units(db)
    client = as_role(Role.COORDINATOR)
    roll = client.get(f"/schemes/cadet-units/{unit.id}/roll").get_data(as_text=True)
    assert "Casey Young" in roll and "Pat Young" in roll and "Other Child" not in roll
    csv = client.get(f"/schemes/cadet-units/{unit.id}/roll.csv").get_data(as_text=True)
    assert "Casey Young,2011-03-01" in csv
    assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "export")).one().object_id == unit.id

    leader_client = as_role(Role.VOLUNTEER, volunteer=leader.volunteer)
    assert "Casey Young" in leader_client.get(f"/schemes/cadet-units/{unit.id}/roll").get_data(as_text=True)
    assert leader_client.get(f"/schemes/cadet-units/{unit.id}").status_code == 200
    assert (
        leader_client.get("/schemes/cadet-units/mine").headers["Location"].endswith(f"/schemes/cadet-units/{unit.id}")
    )
    assert leader_client.get(f"/schemes/cadet-units/{other.id}/roll").status_code == 404
    assert leader_client.get(f"/schemes/cadet-units/{other.id}").status_code == 404
    assert leader_client.get("/schemes/cadet-units").status_code == 403

    volunteer_client = as_role(Role.VOLUNTEER)  # a Special who leads no unit
    assert volunteer_client.get(f"/schemes/cadet-units/{unit.id}/roll").status_code == 404
    assert volunteer_client.get(f"/schemes/cadet-units/{unit.id}/roll.csv").status_code == 404
    assert volunteer_client.get("/schemes/cadet-units/mine").status_code == 404


def test_create_unit_refusals(as_role, db):
    client = as_role(Role.COORDINATOR)
    district = f.DistrictFactory()
    db.session.commit()
    data = {"name": "Maldon VPC", "place": "Maldon", "district_id": district.id, "capacity": "25", "status": "open"}
    for bad, message in [
        ({"capacity": "-1"}, "Capacity (cadets) must be between 0 and 200"),
        ({"capacity": "5000"}, "Capacity (cadets) must be between 0 and 200"),
    ]:
        assert message in post_form(client, "/schemes/cadet-units/new", {**data, **bad}).get_data(as_text=True)
    assert post_form(client, "/schemes/cadet-units/new", data).status_code == 302
    dup = post_form(client, "/schemes/cadet-units/new", {**data, "name": "MALDON VPC"})
    assert "A unit called MALDON VPC already exists" in dup.get_data(as_text=True)
    unit = db.session.scalars(sa.select(CadetUnit)).one()
    edit = post_form(client, f"/schemes/cadet-units/{unit.id}/edit", {**data, "status": "closed"})
    assert edit.status_code == 302
    db.session.refresh(unit)
    assert unit.status == UnitStatus.CLOSED
