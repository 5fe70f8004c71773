"""The expenses pages over HTTP: a mileage claim with a photo, a refusal naming its field, the supervisor's queue,
closing a run and downloading its file, the figures and the claims each figure counted, and who sees which claims."""

from __future__ import annotations

import io
import re
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import Role
from expenses.approval import approve_claim
from expenses.models import ClaimState, ExpenseClaim, PaymentRun
from tests import factories as f
from tests.expenses.helpers import JPEG, force_rates, mileage, special_with_duty


def _volunteer_client(client, volunteer):
    user = f.UserFactory(role=Role.VOLUNTEER, volunteer=volunteer)
    db.session.commit()
    return f.sign_in_session(client, user)


def test_a_volunteer_claims_mileage_with_a_photo_and_sees_it(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    force_rates()
    volunteer, duty = special_with_duty()
    _volunteer_client(client, volunteer)
    page = client.get("/expenses/claims/new?kind=mileage")
    assert page.status_code == 200 and f'value="{duty.id}"' in page.get_data(as_text=True)
    refused = client.post(
        "/expenses/claims/new?kind=mileage",
        data={"duties": [str(duty.id)], "variant": "car", "miles": "0"},
    )
    assert refused.status_code == 422
    assert "Miles travelled must be" in refused.get_data(as_text=True)
    sent = client.post(
        "/expenses/claims/new?kind=mileage",
        data={"duties": [str(duty.id)], "variant": "car", "miles": "24", "receipt": (io.BytesIO(JPEG), "pump.jpg")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    claim = db.session.scalar(sa.select(ExpenseClaim))
    assert claim.amount_pence == 24 * 50 and claim.receipt_file_id is not None
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "£12.00" in shown and "Waiting for approval" in shown
    assert client.get(f"/expenses/claims/{claim.id}/receipt").data == JPEG
    assert f'value="{duty.id}"' not in client.get("/expenses/claims/new?kind=mileage").get_data(as_text=True)
    assert f'value="{duty.id}"' in client.get("/expenses/claims/new?kind=boots").get_data(as_text=True)


def test_a_receipt_that_is_really_text_is_refused_on_the_form(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    force_rates()
    volunteer, duty = special_with_duty()
    _volunteer_client(client, volunteer)
    refused = client.post(
        "/expenses/claims/new?kind=fares",
        data={"duties": [str(duty.id)], "amount": "6.40", "receipt": (io.BytesIO(b"hello"), "ticket.jpg")},
        content_type="multipart/form-data",
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'href="#receipt"' in body and "photo (JPEG or PNG) or a PDF" in body
    assert db.session.scalar(sa.select(sa.func.count(ExpenseClaim.id))) == 0


def test_supervisor_queue_close_the_run_and_download(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    force_rates()
    north = f.CommandFactory(name="North LPA")
    mine = [mileage(*special_with_duty(command=north), miles=m) for m in (5, 6)]
    theirs = mileage(*special_with_duty(), miles=7)
    supervisor = f.UserFactory(role=Role.SUPERVISOR, command=north)
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    db.session.commit()
    f.sign_in_session(client, supervisor)
    home = client.get("/scheduling/home/supervisor").get_data(as_text=True)
    assert "2 expense claims are waiting for approval" in home
    queue = client.get("/expenses/approvals").get_data(as_text=True)
    assert all(f'value="{c.id}"' in queue for c in mine) and f'value="{theirs.id}"' not in queue
    assert client.get(f"/expenses/claims/{theirs.id}").status_code == 404
    no_reason = client.post(f"/expenses/claims/{mine[0].id}/reject", data={"reject-reason": ""})
    assert no_reason.status_code == 422 and "Give a reason" in no_reason.get_data(as_text=True)
    client.post("/expenses/approvals", data={"action": "all", "all_claim": [str(c.id) for c in mine]})
    db.session.expire_all()
    assert {c.state for c in mine} == {ClaimState.APPROVED}
    f.sign_in_session(client, coordinator)
    run = db.session.scalar(sa.select(PaymentRun))
    client.post(f"/expenses/runs/{run.id}")
    csv_text = client.get(f"/expenses/runs/{run.id}/finance.csv").get_data(as_text=True)
    assert csv_text.count("\n") == 3 and "North LPA" in csv_text
    assert client.get(f"/expenses/runs/{run.id}/finance.xlsx").data[:2] == b"PK"


def test_each_figure_opens_the_claims_it_counted(app, client):
    force_rates()
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    volunteer, duty = special_with_duty(date(2026, 7, 4))
    second = f.DutyFactory(volunteer=volunteer, duty_date=date(2026, 8, 2))
    first_claim, second_claim = mileage(volunteer, duty, miles=10), mileage(volunteer, second, miles=4)
    mileage(*special_with_duty(date(2026, 7, 9)), miles=3)  # never approved: not spend
    for claim in (first_claim, second_claim):
        approve_claim(claim, coordinator)
    db.session.commit()
    f.sign_in_session(client, coordinator)
    period = "from-day=1&from-month=7&from-year=2026&to-day=31&to-month=8&to-year=2026"
    page = client.get(f"/expenses/figures?{period}").get_data(as_text=True)
    assert "2 approved or paid claims" in page
    links = re.findall(r'href="(/expenses/claims\?[^"]+)">(\d+)<', page)
    assert links
    for href, count in links:
        listed = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert re.search(rf'id="claims-count">{count} claim', listed), href
    csv_text = client.get(f"/expenses/figures?format=csv&{period}").get_data(as_text=True)
    assert "Total,All claims,2,7.00" in csv_text.replace("\r", "")
    assert "/expenses/figures?from-day=" in client.get("/dashboard/").get_data(as_text=True)


def test_who_sees_which_claims(app, client):
    force_rates()
    post = f.CscPostFactory()
    parish = post.agreement.parish
    csc, duty = special_with_duty(csc_post=post)
    duty.parish_id = parish.id
    own_parish = mileage(csc, duty, miles=8)
    elsewhere = mileage(*special_with_duty(), miles=9)
    assert own_parish.post_id == post.id and elsewhere.post_id is None
    parish_user = f.UserFactory(role=Role.PARISH, parish=parish)
    db.session.commit()
    f.sign_in_session(client, parish_user)
    listed = client.get("/expenses/claims").get_data(as_text=True)
    assert 'id="claims-count">1 claim' in listed
    assert client.get(f"/expenses/claims/{elsewhere.id}").status_code == 404
    portal = client.get("/schemes/parishes/portal?month-month=7&month-year=2026").get_data(as_text=True)
    assert "Claims in July 2026" in portal and "£4.00" in portal  # the CSC's claim, read from expenses
    _volunteer_client(client, csc)
    assert client.get(f"/expenses/claims/{own_parish.id}").status_code == 200
    assert client.get(f"/expenses/claims/{elsewhere.id}").status_code == 404
    assert client.get("/expenses/approvals").status_code == 403


def test_a_coordinator_sets_a_rate_from_a_date_and_the_history_stays(app, as_role):
    app.config["WTF_CSRF_ENABLED"] = False
    client = as_role(Role.COORDINATOR)
    force_rates()
    db.session.commit()
    new = {"kind": "mileage", "variant": "car", "amount": "0.55", "starts_on": "1 1 2027"}
    assert client.post("/expenses/rates", data=new).status_code == 302
    page = client.get("/expenses/rates").get_data(as_text=True)
    assert "1 January 2027" in page and "55p" in page and "45p" in page  # the earlier rates are kept
    again = client.post("/expenses/rates", data=new)
    assert again.status_code == 422
    assert "A mileage rate already starts on 1 January 2027" in again.get_data(as_text=True)
    no_vehicle = client.post("/expenses/rates", data={**new, "variant": "", "starts_on": "2 1 2027"})
    assert 'href="#variant"' in no_vehicle.get_data(as_text=True)
    band = client.post(
        "/expenses/rates", data={"kind": "subsistence", "min_hours": "8", "amount": "9.00", "starts_on": "1 5 2026"}
    )
    assert band.status_code == 302
    from expenses.rates import subsistence_for

    assert subsistence_for(9 * 60, date(2026, 6, 1)).amount_pence == 900
    assert subsistence_for(9 * 60, date(2026, 4, 30)).amount_pence == 500  # before the new band started
