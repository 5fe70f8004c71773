"""The parish portal: a council sees its own posts, hours, claims and statement, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from core.models import Role
from core.permissions import get_scoped_or_404, scoped_select
from scheduling.models import DutyStatus
from schemes.models import AgreementStatus, CscAgreement, CscClaim, CscPost, EspBusiness, PostState
from tests import factories as f
from tests.factories import ClaimFactory
from tests.schemes.helpers import pdf_text
from volunteers.models import Programme


@pytest.fixture
def council(db):
    """Billericay: two posts, one CSC in post with duties in July 2026, claims; and a second council."""
    agreement = f.CscAgreementFactory(
        parish=f.ParishFactory(name="Billericay"),
        posts_funded=2,
        annual_budget_pence=200_000,
        status=AgreementStatus.ACTIVE,
        signed_on=date(2024, 4, 1),
    )
    post1 = f.CscPostFactory(agreement=agreement, post_number=1, state=PostState.IN_POST)
    f.CscPostFactory(agreement=agreement, post_number=2, state=PostState.RECRUITING)
    csc = f.SpecialFactory(
        csc_post=post1,
        volunteer__first_name="Alex",
        volunteer__last_name="Ward",
        volunteer__address="1 Secret Lane",
        volunteer__phone="07700 900123",
    )
    f.MembershipFactory(volunteer=csc.volunteer, programme=Programme.CSC)  # a CSC since they joined
    parish = agreement.parish
    duty = {"volunteer": csc.volunteer, "parish": parish}
    f.DutyFactory(**duty, duty_date=date(2026, 7, 4), minutes=240)
    f.DutyFactory(**duty, duty_date=date(2026, 7, 18), minutes=210)
    f.DutyFactory(**duty, duty_date=date(2026, 7, 20), minutes=600, status=DutyStatus.PENDING)  # not approved
    f.DutyFactory(**duty, duty_date=date(2026, 6, 30), minutes=120)  # June
    f.DutyFactory(volunteer=csc.volunteer, duty_date=date(2026, 7, 5), minutes=300)  # outside the parish
    f.DutyFactory(parish=parish, duty_date=date(2026, 7, 6), minutes=480)  # not one of its CSCs
    ClaimFactory(post=post1, amount_pence=4_550, claimed_on=date(2026, 7, 9))
    ClaimFactory(post=post1, amount_pence=10_000, claimed_on=date(2026, 2, 9))
    other = f.CscPostFactory(agreement=f.CscAgreementFactory(parish=f.ParishFactory(name="Wickford")))
    ClaimFactory(post=other, amount_pence=99_900, claimed_on=date(2026, 7, 9))
    db.session.commit()
    return {"parish": parish, "post": post1, "csc": csc, "other_parish": other.agreement.parish, "other_post": other}


def test_parish_user_lands_on_its_portal(as_role, council):
    client = as_role(Role.PARISH, parish=council["parish"])
    home = client.get("/")
    assert home.headers["Location"].endswith("/home") or "/schemes/parishes/portal" in home.headers["Location"]
    landing = client.get("/", follow_redirects=True)
    assert landing.request.path == "/schemes/parishes/portal"
    nav = landing.get_data(as_text=True)
    assert "Your council" in nav and 'href="/schemes/parishes"' not in nav


def test_portal_shows_own_posts_hours_and_claims(as_role, council):
    client = as_role(Role.PARISH, parish=council["parish"])
    page = client.get("/schemes/parishes/portal?month=2026-07").get_data(as_text=True)
    assert "Billericay Parish Council" in page
    assert "Alex Ward" in page and council["csc"].rank.name in page
    # 240 + 210 approved minutes in the parish in July = 7.5 hours, 2 duties; commitment 16 hours
    assert ">7.5<" in page and ">16<" in page
    assert "Recruiting" in page and "Independent patrol" in page
    assert "£45.50" in page and "£145.50" in page and "£2,000.00" in page
    assert "Wickford" not in page and "£999.00" not in page
    for personal in ("1 Secret Lane", "07700 900123", council["csc"].volunteer.email, "1990"):
        assert personal not in page


def test_monthly_statement_pdf_figures(as_role, council):
    client = as_role(Role.PARISH, parish=council["parish"])
    response = client.get("/schemes/parishes/portal/statement.pdf?month=2026-07")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Billericay Parish Council: monthly statement" in text
    assert "July 2026" in text
    assert "Duties: 2. Hours policed in the parish: 7.5 against a commitment of 16 hours" in text
    assert "Annual budget: £2,000.00. Claimed in 2026 to the end of July 2026: £145.50. Left: £1,854.50." in text
    assert "Alex Ward" in text and "Wickford" not in text and "1 Secret Lane" not in text
    june = pdf_text(client.get("/schemes/parishes/portal/statement.pdf?month=2026-06").data)
    assert "Duties: 1. Hours policed in the parish: 2 against" in june


def test_statement_text_is_escaped(as_role, db, council):
    council["parish"].name = "<b>Evil</b> & <img src=x>"
    db.session.commit()
    client = as_role(Role.PARISH, parish=council["parish"])
    response = client.get("/schemes/parishes/portal/statement.pdf?month=2026-07")
    assert response.status_code == 200
    assert "<b>Evil</b> & <img src=x>" in pdf_text(response.data)


def test_parish_user_reaches_nothing_outside_its_council(app, as_role, council):
    client = as_role(Role.PARISH, parish=council["parish"])
    user = client.user
    other_parish, other_post = council["other_parish"], council["other_post"]
    for url in [
        f"/schemes/parishes/{other_parish.id}",
        f"/schemes/parishes/{council['parish'].id}",
        f"/schemes/parishes/{other_parish.id}/statement.pdf",
        f"/schemes/parishes/posts/{other_post.id}",
        "/schemes/parishes",
        "/schemes/parishes/export.csv",
        "/schemes/esp",
        "/schemes/",
        "/schemes/esp/portal",
        "/schemes/watch",
        "/schemes/speedwatch",
        "/schemes/cadet-units",
        "/schemes/csas",
    ]:
        assert client.get(url).status_code in (403, 404), url
    # every volunteer page, and every other schemes page, is closed to a parish user
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(("volunteers.", "schemes.")) or "GET" not in rule.methods:
                continue
            if rule.endpoint in ("schemes.parish_portal", "schemes.parish_portal_pdf"):
                continue
            url = url_for(rule.endpoint, **{a: 999999 if a.endswith("_id") else "x" for a in rule.arguments})
            assert client.get(url).status_code in (403, 404), url
    # and the scope rules themselves narrow every read to its own council
    assert [p.id for p in app.extensions["sqlalchemy"].session.scalars(scoped_select(type(other_parish), user))] == [
        council["parish"].id
    ]
    session = app.extensions["sqlalchemy"].session
    assert {a.parish_id for a in session.scalars(scoped_select(CscAgreement, user))} == {council["parish"].id}
    assert {p.agreement.parish_id for p in session.scalars(scoped_select(CscPost, user))} == {council["parish"].id}
    assert {c.amount_pence for c in session.scalars(scoped_select(CscClaim, user))} == {4_550, 10_000}
    assert list(session.scalars(scoped_select(EspBusiness, user))) == []
    with app.test_request_context(), pytest.raises(Exception) as refused:
        get_scoped_or_404(CscPost, other_post.id, user)
    assert getattr(refused.value, "code", None) == 404
