"""Who sees whose kit, and each figure of kit outstanding opens exactly the kit it counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.dates import today
from core.models import Role
from kit import issuing, outstanding
from kit.models import SerialItem
from kit.rules import ARMOUR_DUE_DAYS
from tests import factories as f
from tests.factories import kit as k
from volunteers import lifecycle


@pytest.fixture
def world(db):
    """A North Special holding a radio, a South Special holding armour, a cadet in a unit with uniform."""
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    mine = f.SpecialFactory(volunteer__district=f.DistrictFactory(command=north)).volunteer
    theirs = f.SpecialFactory(volunteer__district=f.DistrictFactory(command=south)).volunteer
    cadet = f.CadetFactory().volunteer
    leader = f.CadetLeaderFactory(unit=cadet.cadet.unit).volunteer
    on = today() - timedelta(days=10)
    issuing.issue_item(mine, k.RadioFactory(serial_number="R-MINE").id, on, today(), None)
    issuing.issue_item(theirs, k.ArmourFactory(serial_number="BA-THEIRS").id, on, today(), None)
    cadet_line = k.StockLineFactory(category="cadet_uniform", item_type="Cadet tunic", size="S")
    issuing.issue_uniform(cadet, cadet_line.id, 1, on, today(), None)
    db.session.commit()
    return {"north": north, "mine": mine, "theirs": theirs, "cadet": cadet, "leader": leader}


def test_a_volunteer_sees_only_their_own_kit(world, as_role):
    client = as_role(Role.VOLUNTEER, volunteer=world["mine"])
    page = client.get("/kit/mine").get_data(as_text=True)
    assert "Radio R-MINE" in page and "BA-THEIRS" not in page
    assert client.get(f"/kit/people/{world['theirs'].id}").status_code == 404


def test_a_supervisor_sees_their_commands_kit_only(world, as_role):
    client = as_role(Role.SUPERVISOR, command=world["north"])
    assert "Radio R-MINE" in client.get(f"/kit/people/{world['mine'].id}").get_data(as_text=True)
    assert client.get(f"/kit/people/{world['theirs'].id}").status_code == 404
    profile = client.get(f"/volunteers/{world['mine'].id}").get_data(as_text=True)
    assert "Radio R-MINE" in profile and "Record return" not in profile


def test_a_cadet_leader_sees_their_units_cadets_kit(world, as_role):
    client = as_role(Role.VOLUNTEER, volunteer=world["leader"])
    page = client.get("/kit/mine").get_data(as_text=True)
    assert world["cadet"].full_name in page and "Cadet tunic, size S" in page
    assert client.get(f"/kit/people/{world['cadet'].id}").status_code == 200
    assert client.get(f"/kit/people/{world['mine'].id}").status_code == 404


@pytest.mark.parametrize("role", [Role.PARISH, Role.EMPLOYER])
def test_parish_and_employer_see_no_kit(world, as_role, role):
    client = as_role(role)
    assert client.get(f"/kit/people/{world['mine'].id}").status_code == 403
    assert client.get("/kit/outstanding").status_code == 403


def test_each_figure_opens_exactly_what_it_counted(world, db, as_role, coordinator_user):
    lifecycle.leave(world["mine"], today(), "Moved away", today())
    k.ArmourFactory(serial_number="BA-SOON", expires_on=today() + timedelta(days=ARMOUR_DUE_DAYS))
    k.ArmourFactory(serial_number="BA-LATER", expires_on=today() + timedelta(days=ARMOUR_DUE_DAYS + 1))
    k.StockLineFactory(item_type="Fleece", size="XL", in_store=1, low_at=2)
    armour = db.session.scalar(sa.select(SerialItem).where(SerialItem.serial_number == "BA-THEIRS"))
    armour.expires_on = today() + timedelta(days=5)
    db.session.commit()
    expected = {
        "held_by_leavers": ["Radio R-MINE"],
        "radios_not_returned": ["Radio R-MINE"],
        "armour_due": ["BA-THEIRS", "BA-SOON"],
        "stock_low": ["Fleece, size XL"],
    }
    client = as_role(Role.COORDINATOR)
    figures = client.get("/kit/outstanding").get_data(as_text=True)
    for name, names in expected.items():
        figure = outstanding.FIGURES[name]
        assert figure.words(len(names)) in figures
        page = client.get(f"/kit/outstanding/{name}").get_data(as_text=True)
        assert page.count('<tr class="govuk-table__row"><td') == len(names), name
        assert all(n in page for n in names) and "BA-LATER" not in page
        assert outstanding.count(figure, coordinator_user, today()) == len(
            outstanding.rows(figure, coordinator_user, today())
        )


def test_a_supervisors_figures_count_their_command_only(world, db, as_role):
    lifecycle.leave(world["theirs"], today(), "Moved away", today())
    db.session.commit()
    client = as_role(Role.SUPERVISOR, command=world["north"])
    page = client.get("/kit/outstanding").get_data(as_text=True)
    assert "0 items of kit held by people who have left" in page and "uniform line" not in page
    assert client.get("/kit/outstanding/stock_low").status_code == 404
    assert "BA-THEIRS" not in client.get("/kit/outstanding/held_by_leavers").get_data(as_text=True)
