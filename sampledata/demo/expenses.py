"""Expenses demo data: rates (HMRC-style mileage, subsistence by duty length, boots, loss of earnings, caps) with a
change in April, cost codes, and claims in every state: past months paid in closed runs with their finance files,
this month approved or waiting, a few rejected, and some mileage for recent training courses. CSCs' claims for duties
in their parish are paid from its budget."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from core.dates import month_start
from core.extensions import db
from core.files import PNG, save_file
from core.models import User
from expenses.models import (
    ClaimedDuty,
    ClaimedTraining,
    ClaimKind,
    ClaimState,
    CostCode,
    ExpenseClaim,
    ExpenseRate,
    PaymentRun,
)
from expenses.payment_runs import settle_run
from expenses.receipts import RECEIPT_KIND, RECEIPT_OWNER
from sampledata.demo.base import Seeder
from scheduling.models import Duty, DutyStatus
from schemes.models import CscAgreement, CscPost
from volunteers.models import SpecialConstable, TrainingRecord

SINCE, RAISED = date(2020, 4, 6), date(2026, 4, 1)
# (kind, variant, from, pence, min minutes): the force's rates, HMRC-style for mileage
RATES = [
    (ClaimKind.MILEAGE, "car", SINCE, 45, None),
    (ClaimKind.MILEAGE, "motorcycle", SINCE, 24, None),
    (ClaimKind.MILEAGE, "bicycle", SINCE, 20, None),
    (ClaimKind.SUBSISTENCE, "duty over 5 hours", SINCE, 500, 300),
    (ClaimKind.SUBSISTENCE, "duty over 10 hours", SINCE, 1_200, 600),
    (ClaimKind.SUBSISTENCE, "duty over 5 hours", RAISED, 550, 300),
    (ClaimKind.SUBSISTENCE, "duty over 10 hours", RAISED, 1_300, 600),
    (ClaimKind.FARES, "", SINCE, 5_000, None),
    (ClaimKind.BOOTS, "", SINCE, 6_000, None),
    (ClaimKind.LOSS_OF_EARNINGS, "", SINCE, 10_000, None),
    (ClaimKind.OTHER, "", SINCE, 5_000, None),
]
COST_CODES = {"North LPA": "CIP-N-4410", "South LPA": "CIP-S-4420", "West LPA": "CIP-W-4430", "OPC/SCD": "CIP-O-4490"}
REJECTED = ["The duty was within a mile of home", "Claimed twice: see the claim for the same journey"]
RECEIPT = b"\x89PNG\r\n\x1a\n" + bytes(64)  # a tiny stand-in photo of a receipt


def _rate(kind: ClaimKind, variant: str, day: date) -> tuple[int, int]:
    """(rate id, pence) in force on the day, from the demo's own table (ids follow the order inserted)."""
    best = max((i, r) for i, r in enumerate(RATES, 1) if r[0] == kind and r[1] == variant and r[2] <= day)
    return best[0], best[1][3]


def seed_expenses(s: Seeder, coordinator_id: int, demo_special_id: int) -> None:
    """Rates, cost codes and claims (the demo Special's for some of their duties, others left to claim); past months'
    runs closed with their finance files."""
    rng = random.Random(2617)  # its own generator: the rest of the demo stays as it was
    rate_ids = [
        s.add(ExpenseRate, kind=k, variant=v, starts_on=d, amount_pence=p, min_minutes=m) for k, v, d, p, m in RATES
    ]
    for name, code in COST_CODES.items():
        if name in s.ids["command"]:
            s.add(CostCode, command_id=s.ids["command"][name], code=code)
    s.flush()
    this_month = month_start(s.today)
    posts = {
        vid: (post_id, parish_id)
        for vid, post_id, parish_id in db.session.execute(
            sa.select(SpecialConstable.volunteer_id, CscPost.id, CscAgreement.parish_id)
            .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
            .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        )
    }
    commands = dict(db.session.execute(sa.select(SpecialConstable.volunteer_id, SpecialConstable.command_id)).all())
    duties = db.session.execute(
        sa.select(Duty.id, Duty.volunteer_id, Duty.duty_date, Duty.minutes, Duty.parish_id)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .where(Duty.status == DutyStatus.APPROVED)
        .order_by(Duty.id)
    ).all()
    runs: dict[date, int] = {}
    receipts = 0
    # The demo Special's three latest claimed duties show every state a claim can be in besides paid.
    latest = [d.id for d in duties if d.volunteer_id == demo_special_id][-3:]
    forced = dict(zip(latest, (ClaimState.REJECTED, ClaimState.APPROVED, ClaimState.SUBMITTED), strict=False))
    for duty_id, vid, day, minutes, parish_id in duties:
        post = posts.get(vid)
        in_parish = post is not None and post[1] == parish_id
        if not (in_parish or duty_id in forced or rng.random() < (0.4 if vid == demo_special_id else 0.06)):
            continue
        claims = [(ClaimKind.MILEAGE, "car" if rng.random() < 0.9 else "motorcycle", rng.randint(6, 48))]
        if minutes > 300 and rng.random() < 0.35:
            claims.append((ClaimKind.SUBSISTENCE, "duty over 10 hours" if minutes > 600 else "duty over 5 hours", None))
        for kind, variant, miles in claims:
            rate_id, pence = _rate(kind, variant, day)
            amount = miles * pence if miles else rng.randrange(380, pence + 1, 5)
            month = month_start(day)
            roll = rng.random()
            if day >= this_month - timedelta(days=6) and roll < 0.5:
                state = ClaimState.SUBMITTED
            elif roll < 0.03:
                state = ClaimState.REJECTED
            else:
                state = ClaimState.APPROVED
            decided = datetime.combine(day + timedelta(days=rng.randint(2, 9)), time(10), tzinfo=UTC)
            if kind == ClaimKind.MILEAGE and duty_id in forced:
                state = forced[duty_id]
                decided = min(decided, datetime.combine(s.today, time(9), tzinfo=UTC))
            run_month = max(month_start(decided.date()), month)
            if state == ClaimState.APPROVED and duty_id in forced:
                run_month = this_month
            if state == ClaimState.APPROVED and run_month > this_month:
                state = ClaimState.SUBMITTED
            if state == ClaimState.APPROVED and run_month not in runs:
                runs[run_month] = s.add(PaymentRun, month=run_month)
            claim_id, receipt_id = s.new_id(ExpenseClaim), None
            if kind == ClaimKind.SUBSISTENCE and receipts < 12:
                receipts += 1
                stored = save_file(
                    RECEIPT_KIND, "receipt.png", RECEIPT, PNG, owner_type=RECEIPT_OWNER, owner_id=claim_id
                )
                receipt_id = stored.id
            s.add(
                ExpenseClaim,
                id=claim_id,
                volunteer_id=vid,
                kind=kind,
                variant=variant,
                duty_day=day,
                rate_id=rate_ids[rate_id - 1],
                miles=miles,
                amount_pence=amount,
                description=None,
                receipt_file_id=receipt_id,
                command_id=commands.get(vid),
                programme="special",
                post_id=post[0] if in_parish else None,
                state=state,
                submitted_at=datetime.combine(day + timedelta(days=1), time(20), tzinfo=UTC),
                decided_by_id=coordinator_id if state != ClaimState.SUBMITTED else None,
                decided_at=decided if state != ClaimState.SUBMITTED else None,
                rejection_reason=rng.choice(REJECTED) if state == ClaimState.REJECTED else None,
                payment_run_id=runs.get(run_month) if state == ClaimState.APPROVED else None,
            )
            s.add(ClaimedDuty, claim_id=claim_id, duty_id=duty_id, kind=kind, live=state != ClaimState.REJECTED)
    _training_claims(s, rng, rate_ids, runs, commands, coordinator_id, demo_special_id)
    s.flush()
    coordinator = db.session.get(User, coordinator_id)
    for month in sorted(runs):
        if month < this_month:
            settle_run(db.session.get(PaymentRun, runs[month]), coordinator)  # no audit events in demo data
    db.session.flush()


def _training_claims(s: Seeder, rng, rate_ids, runs, commands, coordinator_id: int, demo_special_id: int) -> None:
    """Mileage to a course finished in the last six weeks, for a few Specials (never a parish's cost): approved into
    this month's run or waiting. The demo Special's courses are left for them to claim."""
    this_month = month_start(s.today)
    records = db.session.execute(
        sa.select(TrainingRecord.id, TrainingRecord.volunteer_id, TrainingRecord.completed_on)
        .join(SpecialConstable, SpecialConstable.volunteer_id == TrainingRecord.volunteer_id)
        .where(TrainingRecord.completed_on >= s.today - timedelta(days=42))
        .where(TrainingRecord.volunteer_id != demo_special_id)
        .order_by(TrainingRecord.id)
        .limit(6)
    ).all()
    for record_id, vid, day in records:
        rate_id, pence = _rate(ClaimKind.MILEAGE, "car", day)
        miles = rng.randint(10, 60)
        approved = rng.random() < 0.5
        if approved and this_month not in runs:
            runs[this_month] = s.add(PaymentRun, month=this_month)
        claim_id = s.add(
            ExpenseClaim,
            volunteer_id=vid,
            kind=ClaimKind.MILEAGE,
            variant="car",
            duty_day=day,
            rate_id=rate_ids[rate_id - 1],
            miles=miles,
            amount_pence=miles * pence,
            description=None,
            receipt_file_id=None,
            command_id=commands.get(vid),
            programme="special",
            post_id=None,
            state=ClaimState.APPROVED if approved else ClaimState.SUBMITTED,
            submitted_at=datetime.combine(day + timedelta(days=1), time(19), tzinfo=UTC),
            decided_by_id=coordinator_id if approved else None,
            decided_at=datetime.combine(s.today, time(9), tzinfo=UTC) if approved else None,
            rejection_reason=None,
            payment_run_id=runs[this_month] if approved else None,
        )
        s.add(ClaimedTraining, claim_id=claim_id, training_record_id=record_id, kind=ClaimKind.MILEAGE, live=True)
