"""Payment runs: approved claims gather in the month's open run; a coordinator closes it, which stores the finance
file (CSV and .xlsx) and marks its claims paid. A closed run never changes."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from flask import has_request_context, url_for
from openpyxl import Workbook

import notices
from core import files
from core.audit import record
from core.csvio import neutralise_cell
from core.dates import month_start, next_month, now_utc, today
from core.extensions import db
from core.models import Command, Parish, User
from core.refusals import Refusal
from expenses.models import ClaimedTraining, ClaimState, CostCode, ExpenseClaim, PaymentRun, PaymentRunState
from schemes.models import CscAgreement, CscPost
from volunteers.models import TrainingRecord, Volunteer

FINANCE_KIND = "expense_finance_file"
FINANCE_OWNER = "payment_run"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FINANCE_HEADERS = (
    "Claim",
    "Volunteer number",
    "Volunteer",
    "Command",
    "Cost code",
    "Paid by",
    "Type",
    "Variant",
    "Duty date",
    "Miles",
    "Amount (pounds)",
    "Approved on",
    "Claim for",
    "Training course",
    "Training date",
)


def refuse_if_closed(run: PaymentRun) -> None:
    """The one guard of a closed run: nothing may add to, take from or change it."""
    if run.closed:
        raise Refusal(f"The {run.month:%B %Y} payment run is closed and cannot change")


def run_taking_claims(on: date | None = None) -> PaymentRun:
    """The open run approved claims join now: this month's, or the next open month's when this one is closed."""
    month = month_start(on or today())
    while True:
        run = db.session.scalar(sa.select(PaymentRun).where(PaymentRun.month == month))
        if run is None:
            run = PaymentRun(month=month)
            db.session.add(run)
            db.session.flush()
            return run
        if not run.closed:
            return run
        month = next_month(month)


def finance_rows(run: PaymentRun) -> list[list[object]]:
    """One line per claim of the run, with its command's cost code, who pays (the force or the parish) and what it
    was for (a duty, or a training course by name and date)."""
    rows = db.session.execute(
        sa.select(ExpenseClaim, Volunteer, Command.name, CostCode.code, Parish.name, TrainingRecord)
        .join(Volunteer, Volunteer.id == ExpenseClaim.volunteer_id)
        .outerjoin(Command, Command.id == ExpenseClaim.command_id)
        .outerjoin(CostCode, CostCode.command_id == ExpenseClaim.command_id)
        .outerjoin(CscPost, CscPost.id == ExpenseClaim.post_id)
        .outerjoin(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .outerjoin(Parish, Parish.id == CscAgreement.parish_id)
        .outerjoin(ClaimedTraining, ClaimedTraining.claim_id == ExpenseClaim.id)
        .outerjoin(TrainingRecord, TrainingRecord.id == ClaimedTraining.training_record_id)
        .where(ExpenseClaim.payment_run_id == run.id)
        .order_by(Command.name, Volunteer.last_name, ExpenseClaim.id)
    ).all()
    return [
        [
            claim.id,
            volunteer.id,
            volunteer.full_name,
            command or "",
            code or "",
            parish or "Force",
            claim.kind.label,
            claim.variant,
            claim.duty_day.isoformat(),
            claim.miles if claim.miles is not None else "",
            f"{claim.amount_pence / 100:.2f}",
            claim.decided_at.date().isoformat() if claim.decided_at else "",
            "Training" if training else "Duty",
            training.course if training else "",
            training.completed_on.isoformat() if training else "",
        ]
        for claim, volunteer, command, code, parish, training in rows
    ]


def _csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FINANCE_HEADERS)
    writer.writerows([[neutralise_cell(v) for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


def _xlsx_bytes(run: PaymentRun, rows: list[list[object]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Expenses {run.month:%Y-%m}")
    sheet.append(FINANCE_HEADERS)
    for row in rows:
        values = [neutralise_cell(v) if isinstance(v, str) else v for v in row]
        values[10] = float(row[10])  # the amount as a number finance can add up
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tell_paid(volunteer_id: int, claims: list[ExpenseClaim], run: PaymentRun) -> None:
    """One message to each volunteer whose claims a run paid (however many claims it paid them)."""
    pence = sum(c.amount_pence for c in claims)
    what = "expense claim was" if len(claims) == 1 else f"{len(claims)} expense claims were"
    link = url_for("expenses.claims", state=ClaimState.PAID.value) if has_request_context() else None
    text = f"Your {what} paid in the {run.month:%B %Y} run: £{pence / 100:,.2f}"
    notices.send(text, link, volunteer_ids=[volunteer_id], kind="expenses")


def settle_run(run: PaymentRun, by: User) -> PaymentRun:
    """Close a run: store its finance file (CSV and .xlsx), mark its claims paid, and never change it again."""
    refuse_if_closed(run)
    if run.month > month_start(today()):
        raise Refusal(f"The {run.month:%B %Y} run cannot be closed before the month starts")
    rows = finance_rows(run)
    name = f"expenses-{run.month:%Y-%m}"
    csv_file = files.save_file(
        FINANCE_KIND,
        f"{name}.csv",
        _csv_bytes(rows),
        files.CSV,
        owner_type=FINANCE_OWNER,
        owner_id=run.id,
        created_by_id=by.id,
    )
    xlsx_file = files.save_file(
        FINANCE_KIND,
        f"{name}.xlsx",
        _xlsx_bytes(run, rows),
        XLSX,
        owner_type=FINANCE_OWNER,
        owner_id=run.id,
        created_by_id=by.id,
    )
    paid: dict[int, list[ExpenseClaim]] = defaultdict(list)
    for claim in run.claims:
        claim.state = ClaimState.PAID
        paid[claim.volunteer_id].append(claim)
    for volunteer_id, claims in paid.items():
        tell_paid(volunteer_id, claims, run)
    run.state = PaymentRunState.CLOSED
    run.closed_at, run.closed_by_id = now_utc(), by.id
    run.total_pence = sum(c.amount_pence for c in run.claims)
    run.csv_file_id, run.xlsx_file_id = csv_file.id, xlsx_file.id
    db.session.flush()
    return run


def close_run(run: PaymentRun, by: User) -> PaymentRun:
    """A coordinator closes a run (settle_run), audited."""
    settle_run(run, by)
    record(
        "payment_run_closed", "payment_run", run.id, detail={"claims": len(run.claims), "total_pence": run.total_pence}
    )
    return run


def payment_runs() -> list[PaymentRun]:
    """Every payment run, newest month first."""
    return list(db.session.scalars(sa.select(PaymentRun).order_by(PaymentRun.month.desc())))


def run_total(run: PaymentRun) -> int:
    """Pence the run pays (fixed once closed)."""
    if run.total_pence is not None:
        return run.total_pence
    return int(
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(ExpenseClaim.amount_pence), 0)).where(
                ExpenseClaim.payment_run_id == run.id
            )
        )
    )
