"""CSAS: organisations, accredited persons, refresher due after 3 years, overdue flagged."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.dates import today
from core.models import Role
from schemes.csas.services import refresher_due, refresher_state
from schemes.models import CsasOrganisation, CsasPerson
from tests.factories import CsasOrgFactory, CsasPersonFactory
from tests.schemes.helpers import post_form


def test_refresher_arithmetic():
    assert refresher_due(date(2023, 5, 1)) == date(2026, 5, 1)
    assert refresher_due(date(2024, 2, 29)) == date(2027, 2, 28)
    assert refresher_state(date(2023, 5, 1), date(2026, 5, 2)) == "overdue"
    assert refresher_state(date(2023, 5, 1), date(2026, 5, 1)) == "due_soon"
    assert refresher_state(date(2023, 5, 1), date(2026, 1, 1)) == "current"


def test_overdue_flagged_in_lists_and_csv(as_role, db):
    client = as_role(Role.SUPERVISOR)
    now = today()
    wardens = CsasOrgFactory(name="Town Wardens", accredited_on=now - timedelta(days=4 * 365))
    CsasPersonFactory(organisation=wardens, name="Old Badge", accredited_on=now - timedelta(days=3 * 366 + 5))
    CsasPersonFactory(organisation=wardens, name="Soon Badge", accredited_on=now - timedelta(days=3 * 365 - 30))
    CsasPersonFactory(organisation=wardens, name="New Badge", accredited_on=now - timedelta(days=100))
    CsasPersonFactory(organisation=wardens, name="Gone Badge", accredited_on=date(2015, 1, 1), active=False)
    fresh = CsasOrgFactory(name="Park Rangers", accredited_on=now - timedelta(days=30))
    db.session.commit()
    page = client.get("/schemes/csas").get_data(as_text=True)
    assert "2 organisations, 3 accredited persons" in page and "Overdue" in page
    overdue_only = client.get("/schemes/csas?overdue=yes").get_data(as_text=True)
    assert "Town Wardens" in overdue_only and "Park Rangers" not in overdue_only
    persons = client.get("/schemes/csas/persons?due=overdue").get_data(as_text=True)
    assert "Old Badge" in persons and "Soon Badge" not in persons and "Gone Badge" not in persons
    soon = client.get("/schemes/csas/persons?due=due_soon").get_data(as_text=True)
    assert "Soon Badge" in soon and "Old Badge" not in soon
    csv = client.get("/schemes/csas/export.csv").get_data(as_text=True)
    assert "Town Wardens" in csv and ",Overdue,3,1" in csv
    assert ",Current,0,0" in csv
    csv = client.get(f"/schemes/csas/persons.csv?organisation={wardens.id}").get_data(as_text=True)
    assert csv.count("\r\n") == 4  # header and three active persons
    detail = client.get(f"/schemes/csas/{fresh.id}").get_data(as_text=True)
    assert "No accredited persons recorded" in detail
    assert client.get("/schemes/csas/new").status_code == 403


def test_create_organisation_and_person(as_role, db):
    client = as_role(Role.COORDINATOR)
    data = {"name": "Housing Patrols", "accredited_on": "1 2 2024"}
    assert post_form(client, "/schemes/csas/new", data).status_code == 302
    dup = post_form(client, "/schemes/csas/new", {**data, "name": "housing patrols"})
    assert "An organisation called housing patrols is already accredited" in dup.get_data(as_text=True)
    future = post_form(client, "/schemes/csas/new", {"name": "Later Ltd", "accredited_on": f"1 1 {today().year + 1}"})
    assert "Accredited on must be today or in the past" in future.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CsasOrganisation)) == 1
    org = db.session.scalars(sa.select(CsasOrganisation)).one()
    url = f"/schemes/csas/{org.id}/persons/new"
    assert post_form(client, url, {"name": "Ann Warden", "accredited_on": "3 3 2024", "active": "y"}).status_code == 302
    person = db.session.scalars(sa.select(CsasPerson)).one()
    edit = post_form(
        client,
        f"/schemes/csas/persons/{person.id}/edit",
        {"name": "Ann Warden", "accredited_on": "1 9 2026", "active": "y"},
    )
    assert edit.status_code == 302
    db.session.refresh(person)
    assert person.accredited_on == date(2026, 9, 1)
