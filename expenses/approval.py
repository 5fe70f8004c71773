"""Approval: the volunteer's supervisor approves claims (one or many) into the month's payment run, or rejects one
with a reason; each decision is audited and the volunteer is told."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import url_for

import notices
from core.audit import record
from core.dates import now_utc
from core.extensions import db
from core.models import User
from core.permissions import scoped_select
from core.refusals import Refusal
from expenses.models import ClaimState, ExpenseClaim
from expenses.payment_runs import run_taking_claims


@dataclass
class Decisions:
    """What an approval of several claims did: approved, and those left as they were (with why)."""

    approved: list[ExpenseClaim] = field(default_factory=list)
    skipped: list[tuple[ExpenseClaim, str]] = field(default_factory=list)
    not_found: int = 0


def tell_claimant(claim: ExpenseClaim, text: str) -> None:
    """Tell the volunteer their claim changed (the "expenses" kind of message)."""
    link = url_for("expenses.claim", claim_id=claim.id) if _has_request() else None
    notices.send(text, link, volunteer_ids=[claim.volunteer_id], kind="expenses")


def _has_request() -> bool:
    from flask import has_request_context

    return has_request_context()


def _what(claim: ExpenseClaim) -> str:
    course = f"{claim.training.course} on " if claim.training else ""
    pounds = f"£{claim.amount_pence / 100:,.2f}"
    return f"{claim.kind.label.lower()} claim of {pounds} for {course}{claim.duty_day:%-d %B %Y}"


def _decidable(claim: ExpenseClaim, by: User) -> str | None:
    """Why the user may not decide this claim now, or None."""
    if claim.state != ClaimState.SUBMITTED:
        return f"it is already {claim.state.label.lower()}"
    if by.volunteer_id is not None and by.volunteer_id == claim.volunteer_id:
        return "you cannot decide your own claim"
    return None


def _approve(claim: ExpenseClaim, by: User) -> None:
    why = _decidable(claim, by)
    if why:
        raise Refusal(f"This claim cannot be approved: {why}")
    claim.state = ClaimState.APPROVED
    claim.decided_by_id, claim.decided_at = by.id, now_utc()
    claim.payment_run = run_taking_claims()
    db.session.flush()
    record("expense_claim_approved", "expense_claim", claim.id, detail={"amount_pence": claim.amount_pence})


def approve_claim(claim: ExpenseClaim, by: User) -> None:
    """Approve a submitted claim: it joins the open payment run and the volunteer is told."""
    _approve(claim, by)
    tell_claimant(
        claim, f"Your {_what(claim)} was approved and will be paid in the {claim.payment_run.month:%B %Y} run"
    )


def approve_claims(claim_ids: list[int], by: User) -> Decisions:
    """Approve several claims in one action: only those in the user's area; the rest are counted, not approved.
    Each volunteer is told once, however many of their claims the action approved."""
    chosen = list(db.session.scalars(scoped_select(ExpenseClaim, by).where(ExpenseClaim.id.in_(set(claim_ids)))))
    decisions = Decisions(not_found=len(set(claim_ids)) - len(chosen))
    for claim in sorted(chosen, key=lambda c: c.id):
        why = _decidable(claim, by)
        if why:
            decisions.skipped.append((claim, why))
        else:
            _approve(claim, by)
            decisions.approved.append(claim)
    by_volunteer: dict[int, list[ExpenseClaim]] = defaultdict(list)
    for claim in decisions.approved:
        by_volunteer[claim.volunteer_id].append(claim)
    for claims in by_volunteer.values():
        if len(claims) == 1:
            claim = claims[0]
            text = f"Your {_what(claim)} was approved and will be paid in the {claim.payment_run.month:%B %Y} run"
        else:
            pence = sum(c.amount_pence for c in claims)
            text = f"{len(claims)} of your expense claims (£{pence / 100:,.2f}) were approved and will be paid"
        tell_claimant(claims[0], text)
    return decisions


def reject_claim(claim: ExpenseClaim, by: User, reason: str | None) -> None:
    """Reject a submitted claim with a reason; its duties or training course may be claimed again."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Give a reason for rejecting the claim", "reason")
    why = _decidable(claim, by)
    if why:
        raise Refusal(f"This claim cannot be rejected: {why}")
    claim.state = ClaimState.REJECTED
    claim.decided_by_id, claim.decided_at = by.id, now_utc()
    claim.rejection_reason = reason[:300]
    for link in [*claim.duty_links, *claim.training_links]:
        link.live = False
    db.session.flush()
    record("expense_claim_rejected", "expense_claim", claim.id, detail={"reason": claim.rejection_reason})
    tell_claimant(claim, f"Your {_what(claim)} was rejected: {claim.rejection_reason}")


def claims_waiting(user: User) -> list[ExpenseClaim]:
    """Submitted claims in the user's area, oldest first (the supervisor's queue)."""
    return list(
        db.session.scalars(
            scoped_select(ExpenseClaim, user)
            .where(ExpenseClaim.state == ClaimState.SUBMITTED)
            .order_by(ExpenseClaim.submitted_at, ExpenseClaim.id)
            .limit(200)
        )
    )


def waiting_count(user: User) -> int:
    """How many submitted claims wait in the user's area."""
    stmt = scoped_select(ExpenseClaim, user).where(ExpenseClaim.state == ClaimState.SUBMITTED)
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0)
