"""Councils, CSC agreements, posts and claims: the coordinator's screens and their refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from core.models import AuditEvent, Parish, Role
from core.refusals import Refusal
from schemes.models import AgreementStatus, CscAgreement, CscPost, FundingOnLeaving, PostState
from schemes.parishes import posts
from tests import factories as f
from tests.factories import ClaimFactory, csrf_token_from
from tests.schemes.helpers import post_form


def _council(db, **kw):
    post = f.CscPostFactory(**kw)
    db.session.commit()
    return post.agreement.parish, post


def test_council_list_filters_and_csv(as_role, db):
    client = as_role(Role.COORDINATOR)
    parish, _post = _council(db)
    other = f.CscAgreementFactory(
        status=AgreementStatus.UNABLE_TO_RECRUIT, parish=f.ParishFactory(name="=HYPERLINK(1)")
    )
    db.session.commit()
    page = client.get("/schemes/parishes").get_data(as_text=True)
    assert parish.council_name in page and "Unable to recruit" in page
    page = client.get("/schemes/parishes?status=unable_to_recruit").get_data(as_text=True)
    assert parish.council_name not in page and other.parish.name in page
    page = client.get(f"/schemes/parishes?district={parish.district_id}").get_data(as_text=True)
    assert parish.council_name in page and other.parish.name not in page
    csv = client.get("/schemes/parishes/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    body = csv.get_data(as_text=True)
    assert "'=HYPERLINK(1)" in body and "\n=HYPERLINK" not in body
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")) == 1
    )


def test_unable_to_recruit_and_posts_requested_vs_filled(as_role, db):
    client = as_role(Role.COORDINATOR)
    _parish, _post = _council(db)
    stalled = f.CscAgreementFactory(
        status=AgreementStatus.SIGNED, signed_on=date.today() - timedelta(days=500), posts_funded=2
    )
    f.CscPostFactory(agreement=stalled, post_number=1, state=PostState.RECRUITING)
    f.CscPostFactory(agreement=stalled, post_number=2, state=PostState.RECRUITING)
    marked = f.CscAgreementFactory(status=AgreementStatus.UNABLE_TO_RECRUIT)
    db.session.commit()
    page = client.get("/schemes/parishes/unable-to-recruit").get_data(as_text=True)
    assert stalled.parish.council_name in page and marked.parish.council_name in page
    assert _parish.council_name not in page
    assert client.get("/schemes/parishes/unable-to-recruit.csv").status_code == 200
    page = client.get("/schemes/parishes/posts").get_data(as_text=True)
    assert "posts requested (funded)" in page and stalled.parish.council_name in page
    csv = client.get("/schemes/parishes/posts.csv").get_data(as_text=True)
    assert f"{stalled.parish.council_name},{stalled.parish.district.name},Signed," in csv


def test_create_council_and_refuse_duplicate(as_role, db):
    client = as_role(Role.COORDINATOR)
    district = f.DistrictFactory(name="Basildon")
    db.session.commit()
    data = {
        "name": "Billericay",
        "council_kind": "town",
        "district_id": district.id,
        "contact_email": "clerk@example.org",
    }
    response = post_form(client, "/schemes/parishes/new", data)
    assert response.status_code == 302
    parish = db.session.scalars(sa.select(Parish).where(Parish.name == "Billericay")).one()
    assert parish.council_name == "Billericay Town Council"
    again = post_form(client, "/schemes/parishes/new", {**data, "name": "billericay "})
    assert again.status_code == 200
    assert "A council called billericay already exists in that district" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Parish)) == 1
    edit = post_form(client, f"/schemes/parishes/{parish.id}/edit", {**data, "contact_name": "Jo Clerk"})
    assert edit.status_code == 302
    db.session.refresh(parish)
    assert parish.contact_name == "Jo Clerk"
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"parish_created", "parish_updated"} <= actions


def test_agreement_creates_posts_and_refuses_bad_numbers(as_role, db):
    client = as_role(Role.COORDINATOR)
    parish = f.ParishFactory()
    db.session.commit()
    url = f"/schemes/parishes/{parish.id}/agreements/new"
    base = {
        "signed_on": "1 4 2025",
        "posts_funded": "3",
        "annual_budget": "3,000",
        "status": "signed",
        "funding_on_leaving": "returned_pro_rata",
    }
    for bad, message in [
        ({"posts_funded": "-1"}, "Posts funded must be between 1 and 50"),
        ({"posts_funded": "9999"}, "Posts funded must be between 1 and 50"),
        ({"posts_funded": "two"}, "Posts funded must be a whole number"),
        ({"annual_budget": "-5"}, "Annual budget (pounds) cannot be negative"),
        ({"annual_budget": "99999999"}, "Annual budget (pounds) must be at most"),
        ({"annual_budget": "lots"}, "Annual budget (pounds) must be an amount in pounds"),
        ({"signed_on": f"1 1 {date.today().year + 1}"}, "Date signed must be today or in the past"),
        ({"signed_on": "31 2 2025"}, "Date signed must be a real date"),
    ]:
        response = post_form(client, url, {**base, **bad})
        assert response.status_code == 200, bad
        assert message in response.get_data(as_text=True), bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CscAgreement)) == 0
    assert post_form(client, url, base).status_code == 302
    agreement = db.session.scalars(sa.select(CscAgreement)).one()
    assert agreement.annual_budget_pence == 300_000
    assert [p.post_number for p in agreement.posts] == [1, 2, 3]
    assert all(p.state == PostState.RECRUITING for p in agreement.posts)
    edit = post_form(client, f"/schemes/parishes/agreements/{agreement.id}/edit", {**base, "posts_funded": "2"})
    assert edit.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(CscAgreement, agreement.id).posts) == 2


def test_post_filled_twice_is_refused_and_leaver_releases_funding(as_role, db):
    client = as_role(Role.COORDINATOR)
    agreement = f.CscAgreementFactory(
        posts_funded=2,
        annual_budget_pence=200_000,
        status=AgreementStatus.SIGNED,
        funding_on_leaving=FundingOnLeaving.RETURNED_PRO_RATA,
        signed_on=date(2025, 4, 1),
    )
    post1 = f.CscPostFactory(agreement=agreement, post_number=1, state=PostState.RECRUITING)
    post2 = f.CscPostFactory(agreement=agreement, post_number=2, state=PostState.RECRUITING)
    alice, bob = f.SpecialFactory(), f.SpecialFactory()
    db.session.commit()
    fill = {"state": "in_post", "state_since": "1 9 2025"}
    assert (
        post_form(
            client, f"/schemes/parishes/posts/{post1.id}", {**fill, "holder_volunteer_id": alice.volunteer_id}
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(CscAgreement, agreement.id).status == AgreementStatus.ACTIVE
    twice = post_form(client, f"/schemes/parishes/posts/{post1.id}", {**fill, "holder_volunteer_id": bob.volunteer_id})
    assert twice.status_code == 200
    assert "Post 1 is already filled by" in twice.get_data(as_text=True)
    second = post_form(
        client, f"/schemes/parishes/posts/{post2.id}", {**fill, "holder_volunteer_id": alice.volunteer_id}
    )
    assert "already holds another CSC post" in second.get_data(as_text=True)
    nobody = post_form(client, f"/schemes/parishes/posts/{post2.id}", {**fill, "holder_volunteer_id": "999999"})
    assert "No Special Constable has record number 999999" in nobody.get_data(as_text=True)
    empty = post_form(client, f"/schemes/parishes/posts/{post2.id}", fill)
    assert "Enter the officer" in empty.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CscPost, post2.id).holder is None
    assert db.session.get(CscPost, post2.id).state == PostState.RECRUITING
    recruit = post_form(
        client, f"/schemes/parishes/posts/{post1.id}", {"state": "recruiting", "state_since": "1 10 2025"}
    )
    assert "choose Vacant after leaver" in recruit.get_data(as_text=True)
    leave = post_form(
        client,
        f"/schemes/parishes/posts/{post1.id}",
        {"state": "vacant_after_leaver", "state_since": "1 10 2025"},
        follow=True,
    )
    text = leave.get_data(as_text=True)
    assert "The officer has left the post" in text and "returned to the council" in text
    db.session.expire_all()
    post = db.session.get(CscPost, post1.id)
    assert post.state == PostState.VACANT_AFTER_LEAVER and post.holder is None
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "csc_post_changed").order_by(AuditEvent.id.desc())
    ).first()
    # 1 Oct 2025 to the anniversary on 1 Apr 2026 is 182 days of the post's £1,000 share
    assert event.detail["amount_pence"] == 100_000 * 182 // 365


def test_a_cscs_expense_claims_draw_on_the_councils_budget(as_role, db):
    """CSC claims go through expenses (one owner): those for duties in their parish are charged to the council's
    budget beside any claim recorded by hand before, and one that would overrun the budget is refused."""
    from expenses.claims import ClaimInput, submit_claim
    from expenses.models import ClaimKind
    from tests.expenses.helpers import force_rates, receipt

    client = as_role(Role.COORDINATOR)
    force_rates()
    agreement = f.CscAgreementFactory(annual_budget_pence=10_000)
    post = f.CscPostFactory(agreement=agreement)
    csc = f.SpecialFactory(csc_post=post).volunteer
    in_parish = f.DutyFactory(volunteer=csc, duty_date=date(2026, 3, 2), minutes=660, parish_id=agreement.parish_id)
    elsewhere = f.DutyFactory(volunteer=csc, duty_date=date(2026, 3, 9))
    ClaimFactory(post=post, amount_pence=6_000, claimed_on=date(2026, 3, 1))  # recorded by hand, before expenses
    db.session.flush()
    over = ClaimInput(ClaimKind.SUBSISTENCE, [in_parish.id], amount_pence=1_100, receipt=receipt())
    with pytest.raises(Refusal) as caught:
        submit_claim(csc.id, ClaimInput(ClaimKind.MILEAGE, [in_parish.id], variant="car", miles=100), None)
    assert caught.value.message == "Amount is over the budget: £40.00 of the £100.00 annual budget is left for 2026"
    paid_by_council = submit_claim(csc.id, over, None)
    paid_by_force = submit_claim(csc.id, ClaimInput(ClaimKind.MILEAGE, [elsewhere.id], variant="car", miles=30), None)
    assert paid_by_council.post_id == post.id and paid_by_force.post_id is None
    db.session.commit()
    assert posts.claims_in_year([agreement.id], 2026) == 6_000 + 1_100
    csv = client.get(f"/schemes/parishes/claims.csv?year=2026&parish={agreement.parish_id}").get_data(as_text=True)
    assert "Subsistence,1100" in csv and "Mileage,6000" in csv and "1500" not in csv


def test_council_detail_and_statement_for_staff(as_role, db):
    client = as_role(Role.SUPERVISOR)
    parish, _post = _council(db)
    page = client.get(f"/schemes/parishes/{parish.id}")
    assert page.status_code == 200 and parish.council_name in page.get_data(as_text=True)
    assert "Edit council" not in page.get_data(as_text=True)
    pdf = client.get(f"/schemes/parishes/{parish.id}/statement.pdf?month=2026-07")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get("/schemes/parishes/999999").status_code == 404
    assert client.get("/schemes/parishes/new").status_code == 403
    token = csrf_token_from(page.get_data(as_text=True))
    assert client.post(f"/schemes/parishes/{parish.id}/edit", data={"csrf_token": token}).status_code == 403
