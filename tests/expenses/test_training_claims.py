"""Claims for a training course: the rate of the training day, one live claim per record and type (also in the
database), only one's own records, the kinds that apply, never a parish's budget, the pages and the finance file."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy.exc import IntegrityError

from core import files
from core.extensions import db
from core.models import Role
from core.refusals import Refusal
from expenses import claims as claims_module
from expenses.approval import approve_claim, reject_claim
from expenses.claims import ClaimInput, submit_claim
from expenses.models import ClaimedTraining, ClaimKind, ExpenseClaim
from expenses.payment_runs import FINANCE_HEADERS, close_run
from tests import factories as f
from tests.expenses.helpers import force_rates, receipt, special_with_duty


@pytest.fixture
def rates(db):
    force_rates()


def _course(volunteer, day=date(2026, 4, 1), course="Public order level 3"):
    record = f.TrainingRecordFactory(volunteer_id=volunteer.id, course=course, completed_on=day)
    db.session.flush()
    return record


def _miles(volunteer, record, miles=30, **more) -> ClaimInput:
    return ClaimInput(ClaimKind.MILEAGE, [], variant="car", miles=miles, training_record_id=record.id, **more)


def _refused(volunteer, asked: ClaimInput) -> Refusal:
    with pytest.raises(Refusal) as caught:
        submit_claim(volunteer.id, asked, None)
    return caught.value


def test_mileage_for_a_training_course_is_paid_at_the_rate_of_the_training_day(rates):
    post = f.CscPostFactory()
    volunteer, _duty = special_with_duty(csc_post=post)
    before, after = _course(volunteer, date(2026, 3, 31), "First aid"), _course(volunteer, date(2026, 4, 1))
    first = submit_claim(volunteer.id, _miles(volunteer, before), None)
    second = submit_claim(volunteer.id, _miles(volunteer, after), None)
    assert (first.amount_pence, second.amount_pence) == (30 * 45, 30 * 50)
    assert second.duty_day == date(2026, 4, 1) and second.training is after and second.duties == []
    assert first.post_id is None and second.covers == "Training"  # a CSC's training is never a parish's cost
    lost = ClaimInput(
        ClaimKind.LOSS_OF_EARNINGS, [], amount_pence=12_001, receipt=receipt(), training_record_id=after.id
    )
    assert _refused(volunteer, lost).field == "amount"  # capped for the one day


def test_one_claim_per_training_record_and_type_and_a_rejection_frees_it(rates):
    volunteer, _duty = special_with_duty()
    record = _course(volunteer)
    first = submit_claim(volunteer.id, _miles(volunteer, record), None)
    refusal = _refused(volunteer, _miles(volunteer, record, miles=5))
    assert refusal.field == "training_record"
    assert refusal.message == "You have already claimed mileage for Public order level 3 on 1 April 2026"
    fares = ClaimInput(ClaimKind.FARES, [], amount_pence=900, receipt=receipt(), training_record_id=record.id)
    assert submit_claim(volunteer.id, fares, None).amount_pence == 900  # another type is its own claim
    reject_claim(first, f.UserFactory(role=Role.COORDINATOR), "Not on the course list")
    assert submit_claim(volunteer.id, _miles(volunteer, record, miles=5), None).amount_pence == 250


def test_the_database_refuses_a_racing_duplicate_for_a_course(rates, monkeypatch):
    volunteer, _duty = special_with_duty()
    record = _course(volunteer)
    first = submit_claim(volunteer.id, _miles(volunteer, record), None)
    db.session.commit()
    monkeypatch.setattr(claims_module, "refuse_training_claimed", lambda kind, record: None)
    refusal = _refused(volunteer, _miles(volunteer, record, miles=3))
    assert refusal.field == "training_record" and "already claimed mileage" in refusal.message
    db.session.rollback()
    db.session.add(ClaimedTraining(claim_id=first.id, training_record_id=record.id, kind=ClaimKind.MILEAGE))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_ones_own_training_and_only_the_kinds_that_apply(rates):
    volunteer, _duty = special_with_duty()
    other, _theirs = special_with_duty()
    theirs, mine = _course(other), _course(volunteer)
    refusal = _refused(volunteer, _miles(volunteer, theirs))
    assert (refusal.field, refusal.message) == ("training_record", "You can only claim for your own training")
    nothing = ClaimInput(ClaimKind.MILEAGE, [], variant="car", miles=3, for_training=True)
    assert _refused(volunteer, nothing).message == "Choose the training course you are claiming for"
    food = ClaimInput(ClaimKind.SUBSISTENCE, [], amount_pence=400, receipt=receipt(), training_record_id=mine.id)
    assert "does not say how long the day was" in _refused(volunteer, food).message
    boots = ClaimInput(ClaimKind.BOOTS, [], training_record_id=mine.id)
    assert _refused(volunteer, boots).message.startswith("Boot allowance cannot be claimed for a training course")


def test_the_finance_file_names_the_course(rates):
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    volunteer, duty = special_with_duty()
    course = submit_claim(volunteer.id, _miles(volunteer, _course(volunteer, date(2026, 7, 2))), None)
    on_duty = submit_claim(volunteer.id, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant="car", miles=4), None)
    for claim in (course, on_duty):
        approve_claim(claim, coordinator)
    run = close_run(course.payment_run, coordinator)
    rows = {int(r[0]): r for r in list(csv.reader(io.StringIO(files.read_data(run.csv_file_id).decode())))[1:]}
    assert rows[course.id][-3:] == ["Training", "Public order level 3", "2026-07-02"]
    assert rows[on_duty.id][-3:] == ["Duty", "", ""]
    sheet = load_workbook(io.BytesIO(files.read_data(run.xlsx_file_id))).active
    values = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert values["Claim"] == FINANCE_HEADERS
    assert values[course.id][FINANCE_HEADERS.index("Training course")] == "Public order level 3"


def test_a_volunteer_claims_for_a_course_on_the_pages(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    force_rates()
    volunteer, _duty = special_with_duty()
    other, _theirs = special_with_duty()
    mine, theirs = _course(volunteer), _course(other, course="Their course")
    user = f.UserFactory(role=Role.VOLUNTEER, volunteer=volunteer)
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    db.session.commit()
    f.sign_in_session(client, user)
    chooser = client.get("/expenses/claims/new").get_data(as_text=True)
    assert "What is the claim for?" in chooser and 'value="training"' in chooser
    url = "/expenses/claims/new?kind=mileage&covers=training"
    form = client.get(url).get_data(as_text=True)
    assert "Public order level 3" in form and "Their course" not in form
    unchosen = client.post(url, data={"variant": "car", "miles": "12"})
    assert unchosen.status_code == 422 and 'href="#training_record"' in unchosen.get_data(as_text=True)
    refused = client.post(url, data={"training_record": str(theirs.id), "variant": "car", "miles": "12"})
    assert refused.status_code == 422 and "You can only claim for your own training" in refused.get_data(as_text=True)
    sent = client.post(url, data={"training_record": str(mine.id), "variant": "car", "miles": "12"})
    assert sent.status_code == 302
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Training course" in shown and "Public order level 3, 1 April 2026" in shown
    assert "Public order level 3" not in client.get(url).get_data(as_text=True)  # claimed for mileage now
    assert "does not say how long" in client.get("/expenses/claims/new?kind=subsistence&covers=training").text
    f.sign_in_session(client, coordinator)
    assert "training: Public order level 3" in client.get("/expenses/approvals").get_data(as_text=True)
    approve_claim(db.session.scalar(sa.select(ExpenseClaim)), coordinator)
    db.session.commit()
    figures = client.get("/expenses/figures?from-day=1&from-month=1&from-year=2026&to-day=31&to-month=12&to-year=2026")
    assert "By what it was for" in figures.get_data(as_text=True)
    listed = client.get("/expenses/claims?covers=training&spent=1").get_data(as_text=True)
    assert 'id="claims-count">1 claim' in listed and "Training: Public order level 3" in listed
    assert 'id="claims-count">0 claims' in client.get("/expenses/claims?covers=duty").get_data(as_text=True)
