"""Employer Supported Policing: businesses, engagement, hours used against granted, the employer portal."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from core.dates import today
from core.models import AuditEvent, Role
from core.permissions import scoped_select
from scheduling.models import DutyStatus
from schemes.models import EspBusiness, EspEngagement, EspStatus
from tests import factories as f
from tests.schemes.helpers import pdf_text, post_form
from volunteers.models import VolunteerStatus


@pytest.fixture
def employer(db):
    """Acme with two employee-Specials and ESP duties in 2026; Rival with one."""
    acme = f.EspBusinessFactory(name="Acme Logistics", release_minutes_per_month=480, sector="Logistics")
    rival = f.EspBusinessFactory(name="Rival Retail", sector="Retail")
    ann = f.SpecialFactory(
        esp_business=acme,
        volunteer__first_name="Ann",
        volunteer__last_name="Able",
        volunteer__address="9 Hidden Road",
        volunteer__date_of_birth=date(1985, 2, 3),
    )
    ben = f.SpecialFactory(esp_business=acme, volunteer__first_name="Ben", volunteer__last_name="Baker")
    gone = f.SpecialFactory(
        esp_business=acme,
        volunteer__first_name="Cat",
        volunteer__last_name="Gone",
        volunteer__status=VolunteerStatus.LEFT,
    )
    rob = f.SpecialFactory(esp_business=rival, volunteer__first_name="Rob", volunteer__last_name="Rival")
    esp = {"is_esp": True, "esp_business": acme}
    f.DutyFactory(volunteer=ann.volunteer, duty_date=date(2026, 7, 4), minutes=240, **esp)
    f.DutyFactory(volunteer=ann.volunteer, duty_date=date(2026, 7, 11), minutes=90, **esp)
    f.DutyFactory(volunteer=ben.volunteer, duty_date=date(2026, 3, 2), minutes=180, **esp)
    f.DutyFactory(volunteer=ben.volunteer, duty_date=date(2026, 7, 12), minutes=600, status=DutyStatus.PENDING, **esp)
    f.DutyFactory(volunteer=ann.volunteer, duty_date=date(2026, 7, 5), minutes=300)  # own time, not ESP
    f.DutyFactory(volunteer=gone.volunteer, duty_date=date(2026, 1, 5), minutes=60, **esp)  # left since
    f.DutyFactory(volunteer=ann.volunteer, duty_date=date(2025, 12, 5), minutes=120, **esp)  # last year
    f.DutyFactory(volunteer=rob.volunteer, duty_date=date(2026, 7, 4), minutes=999, is_esp=True, esp_business=rival)
    db.session.commit()
    return {"acme": acme, "rival": rival, "ann": ann}


def test_employer_portal_shows_own_employees_hours_only(as_role, employer):
    client = as_role(Role.EMPLOYER, esp_business=employer["acme"])
    landing = client.get("/", follow_redirects=True)
    assert landing.request.path == "/schemes/esp/portal"
    page = client.get("/schemes/esp/portal?month=2026-07").get_data(as_text=True)
    assert "Acme Logistics" in page and "Ann Able" in page and "Ben Baker" in page
    assert "Cat Gone" not in page  # left: no longer an employee-Special
    assert ">5.5<" in page  # Ann: 240 + 90 minutes in July
    assert ">16<" in page  # granted: 8 hours a month x 2 serving employees
    assert "Rob Rival" not in page and "Rival Retail" not in page
    for personal in ("9 Hidden Road", "1985", employer["ann"].volunteer.email):
        assert personal not in page


def test_employer_annual_statement_pdf(as_role, employer):
    client = as_role(Role.EMPLOYER, esp_business=employer["acme"])
    response = client.get("/schemes/esp/portal/statement.pdf?year=2026")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Acme Logistics: Employer Supported Policing statement 2026" in text
    # 240 + 90 (Ann, July) + 180 (Ben, March) + 60 (Cat, January) = 570 minutes = 9.5 hours
    assert "Total ESP hours given in 2026: 9.5." in text
    assert "Jul 2026 5.5" in text and "Mar 2026 3" in text and "Jan 2026 1" in text
    assert "Ann Able" in text and "Cat Gone" in text and "Rob Rival" not in text
    assert "9 Hidden Road" not in text
    last_year = pdf_text(client.get("/schemes/esp/portal/statement.pdf?year=2025").data)
    assert "Total ESP hours given in 2025: 2." in last_year


def test_employer_reaches_nothing_outside_its_business(app, as_role, employer):
    client = as_role(Role.EMPLOYER, esp_business=employer["acme"])
    rival = employer["rival"]
    for url in [
        f"/schemes/esp/{rival.id}",
        f"/schemes/esp/{employer['acme'].id}",
        f"/schemes/esp/{rival.id}/statement.pdf",
        f"/schemes/esp/{rival.id}/statement",
        "/schemes/esp",
        "/schemes/esp/export.csv",
        "/schemes/parishes/portal",
        "/schemes/parishes",
    ]:
        assert client.get(url).status_code in (403, 404), url
    from flask import url_for

    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(("volunteers.", "schemes.")) or "GET" not in rule.methods:
                continue
            if rule.endpoint in ("schemes.esp_portal", "schemes.esp_portal_pdf", "schemes.esp_portal_statement"):
                continue
            url = url_for(rule.endpoint, **{a: 999999 if a.endswith("_id") else "x" for a in rule.arguments})
            assert client.get(url).status_code in (403, 404), url
    session = app.extensions["sqlalchemy"].session
    assert [b.name for b in session.scalars(scoped_select(EspBusiness, client.user))] == ["Acme Logistics"]


def test_business_list_filters_detail_and_csv(as_role, employer, db):
    client = as_role(Role.COORDINATOR)
    f.EspBusinessFactory(name="Essex Police", is_force=True)
    f.EspBusinessFactory(name="Maybe Ltd", status=EspStatus.PROSPECT)
    db.session.commit()
    page = client.get("/schemes/esp").get_data(as_text=True)
    assert "Acme Logistics" in page and "Essex Police" in page and "The force" in page
    page = client.get("/schemes/esp?status=prospect").get_data(as_text=True)
    assert "Maybe Ltd" in page and "Acme Logistics" not in page
    page = client.get("/schemes/esp?force=yes").get_data(as_text=True)
    assert "Essex Police" in page and "Acme Logistics" not in page
    page = client.get("/schemes/esp?sector=Retail").get_data(as_text=True)
    assert "Rival Retail" in page and "Acme Logistics" not in page
    csv = client.get("/schemes/esp/export.csv?q=acme").get_data(as_text=True)
    assert "Acme Logistics,Logistics" in csv and "Rival" not in csv
    detail = client.get(f"/schemes/esp/{employer['acme'].id}").get_data(as_text=True)
    assert "Ann Able" in detail and "Engagement history" in detail
    pdf = client.get(f"/schemes/esp/{employer['acme'].id}/statement.pdf?year=2026")
    assert "Total ESP hours given in 2026: 9.5." in pdf_text(pdf.data)


def test_create_business_refuses_duplicates_and_absurd_hours(as_role, db, employer):
    client = as_role(Role.COORDINATOR)
    base = {"name": "New Co", "size_band": "small", "status": "engaged", "release_hours": "4", "training_time_off": "y"}
    for bad, message in [
        ({"name": "acme logistics"}, "A business called acme logistics is already recorded"),
        ({"release_hours": "-2"}, "Paid release hours a month must be between 0 and 160"),
        ({"release_hours": "1000"}, "Paid release hours a month must be between 0 and 160"),
        ({"release_hours": "lots"}, "must be a number of hours"),
        ({"release_hours": "NaN"}, "must be a number of hours"),
        ({"release_hours": "Infinity"}, "must be a number of hours"),
        ({"agreement_signed_on": f"1 1 {date.today().year + 1}"}, "Agreement signed on must be today or in the past"),
    ]:
        response = post_form(client, "/schemes/esp/new", {**base, **bad}, form_url="/schemes/esp/new")
        assert response.status_code == 200, bad
        assert message in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EspBusiness)) == 2
    assert post_form(client, "/schemes/esp/new", base).status_code == 302
    business = db.session.scalars(sa.select(EspBusiness).where(EspBusiness.name == "New Co")).one()
    assert business.release_minutes_per_month == 240 and business.status == EspStatus.ENGAGED
    assert [e.status for e in business.engagements] == [EspStatus.ENGAGED]
    now = today()
    step = post_form(
        client,
        f"/schemes/esp/{business.id}/engagements",
        {"occurred_on": f"{now:%d %m %Y}", "status": "registered", "note": "Signed the memorandum"},
        form_url=f"/schemes/esp/{business.id}",
    )
    assert step.status_code == 302
    db.session.expire_all()
    business = db.session.get(EspBusiness, business.id)
    assert business.status == EspStatus.REGISTERED and business.agreement_signed_on == now
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EspEngagement)) == 2
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"esp_business_created", "esp_engagement_created"} <= actions


def test_supervisor_reads_but_cannot_change(as_role, employer):
    client = as_role(Role.SUPERVISOR)
    assert client.get("/schemes/esp").status_code == 200
    assert client.get(f"/schemes/esp/{employer['acme'].id}").status_code == 200
    assert client.get("/schemes/esp/new").status_code == 403
    assert client.get(f"/schemes/esp/{employer['acme'].id}/edit").status_code == 403
    assert client.get("/schemes/esp/portal").status_code == 403
