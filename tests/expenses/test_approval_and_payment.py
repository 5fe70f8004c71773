"""Approval by the volunteer's supervisor (one or many, audited, the volunteer told), the monthly payment run, its
finance file read back (csv and openpyxl), and a closed run that never changes."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from core import files
from core.extensions import db
from core.models import AuditEvent, Role
from core.refusals import Refusal
from expenses.approval import approve_claim, approve_claims, reject_claim
from expenses.claims import ClaimInput, submit_claim
from expenses.models import ClaimKind, ClaimState, CostCode
from expenses.payment_runs import FINANCE_HEADERS, close_run, run_taking_claims
from notices.models import Notice
from tests import factories as f
from tests.expenses.helpers import force_rates, mileage, special_with_duty


@pytest.fixture
def world(db):
    """Rates, a North supervisor, two North Specials with a claim each, a South Special with one."""
    force_rates()
    north, south = f.CommandFactory(name="North LPA"), f.CommandFactory(name="South LPA")
    db.session.add(CostCode(command=north, code="CIP-N-4410"))
    supervisor = f.UserFactory(role=Role.SUPERVISOR, command=north)
    coordinator = f.UserFactory(role=Role.COORDINATOR)
    claims = []
    for command, miles in ((north, 10), (north, 30), (south, 7)):
        volunteer, duty = special_with_duty(command=command)
        claims.append(mileage(volunteer, duty, miles=miles))
    db.session.commit()
    return supervisor, coordinator, claims


def _notices(claim) -> list[str]:
    return list(db.session.scalars(sa.select(Notice.text).where(Notice.volunteer_id == claim.volunteer_id)))


def test_a_supervisor_approves_their_commands_claims_in_one_action(world):
    supervisor, _, (first, second, southern) = world
    decisions = approve_claims([first.id, second.id, southern.id], supervisor)
    assert decisions.approved == [first, second] and decisions.not_found == 1
    assert southern.state == ClaimState.SUBMITTED
    assert first.state == ClaimState.APPROVED and first.payment_run is second.payment_run is not None
    assert "approved" in _notices(first)[0] and _notices(southern) == []
    audited = db.session.scalars(sa.select(AuditEvent.object_id).where(AuditEvent.action == "expense_claim_approved"))
    assert sorted(audited) == sorted([first.id, second.id])
    again = approve_claims([first.id], supervisor)
    assert again.approved == [] and again.skipped == [(first, "it is already approved")]


def test_approving_several_of_one_persons_claims_tells_them_once(world):
    supervisor, _, (first, *_rest) = world
    second_duty = f.DutyFactory(volunteer=first.volunteer, duty_date=date(2026, 7, 11))
    second = mileage(first.volunteer, second_duty, miles=4)
    approve_claims([first.id, second.id], supervisor)
    assert _notices(first) == ["2 of your expense claims (£7.00) were approved and will be paid"]


def test_rejecting_needs_a_reason_and_frees_the_duty(world):
    supervisor, _, (first, *_rest) = world
    with pytest.raises(Refusal) as caught:
        reject_claim(first, supervisor, "  ")
    assert caught.value.field == "reason"
    reject_claim(first, supervisor, "The duty was 2 miles from home")
    assert first.state == ClaimState.REJECTED
    assert "rejected: The duty was 2 miles from home" in _notices(first)[0]
    duty = first.duties[0]
    again = submit_claim(first.volunteer_id, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant="car", miles=2), None)
    assert again.state == ClaimState.SUBMITTED


def test_closing_the_run_pays_its_claims_and_stores_the_finance_file(world):
    supervisor, coordinator, (first, second, southern) = world
    approve_claims([first.id, second.id], supervisor)
    approve_claim(southern, coordinator)
    run = first.payment_run
    close_run(run, coordinator)
    db.session.commit()
    assert {c.state for c in (first, second, southern)} == {ClaimState.PAID}
    assert run.total_pence == (10 + 30 + 7) * 50
    assert f"Your expense claim was paid in the {run.month:%B %Y} run: £5.00" in _notices(first)

    rows = list(csv.reader(io.StringIO(files.read_data(run.csv_file_id).decode())))
    assert tuple(rows[0]) == FINANCE_HEADERS
    by_claim = {int(r[0]): r for r in rows[1:]}
    assert set(by_claim) == {first.id, second.id, southern.id}
    assert by_claim[first.id][3:6] == ["North LPA", "CIP-N-4410", "Force"]
    assert by_claim[southern.id][4] == ""  # South has no cost code yet
    assert by_claim[second.id][10] == "15.00"

    sheet = load_workbook(io.BytesIO(files.read_data(run.xlsx_file_id))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == FINANCE_HEADERS
    assert sum(row[10] for row in values[1:]) == pytest.approx(23.50)
    assert {row[0] for row in values[1:]} == {first.id, second.id, southern.id}


def test_a_closed_run_never_changes(world):
    supervisor, coordinator, (first, second, southern) = world
    approve_claim(first, supervisor)
    run = first.payment_run
    close_run(run, coordinator)
    with pytest.raises(Refusal) as caught:
        close_run(run, coordinator)
    assert "is closed and cannot change" in caught.value.message
    # a claim approved after the month closed goes into the next open run, never the closed one
    approve_claim(second, supervisor)
    assert second.payment_run is not run and second.payment_run.month > run.month
    assert [c.id for c in run.claims] == [first.id] and run.total_pence == 500
    # a paid claim cannot be rejected or approved again
    with pytest.raises(Refusal):
        reject_claim(first, supervisor, "changed my mind")
    assert run_taking_claims(run.month) is second.payment_run


def test_a_run_for_a_month_not_yet_started_cannot_close(world):
    _, coordinator, _ = world
    with pytest.raises(Refusal):
        close_run(run_taking_claims(date(2099, 1, 1)), coordinator)
