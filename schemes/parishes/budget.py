"""A council's CSC budget: what has been charged to it, the one select every total, list, CSV and statement reads.

A CSC's expense claim (expenses/) for duties in their own parish is paid from the council's budget (its ``post_id``):
those claims, unless rejected, are the charges. Claims the CiP team recorded by hand before expense claims existed
(``csc_claims``) still count, read-only. Nothing is copied from one to the other.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.refusals import Refusal
from schemes.models import CscAgreement, CscClaim, CscPost


def budget_charges() -> sa.Subquery:
    """Every charge against a council's CSC budget: post_id, day, kind (a claim type's value), amount_pence,
    description, claim_id (the expense claim, None for a claim recorded by hand)."""
    from expenses.models import ClaimState, ExpenseClaim  # expenses builds on schemes: read it only when asked

    recorded = sa.select(
        CscClaim.post_id,
        CscClaim.claimed_on.label("day"),
        sa.cast(CscClaim.claim_type, sa.String(40)).label("kind"),
        CscClaim.amount_pence,
        CscClaim.description,
        sa.cast(sa.null(), sa.Integer).label("claim_id"),
    )
    claimed = sa.select(
        ExpenseClaim.post_id,
        ExpenseClaim.duty_day.label("day"),
        sa.cast(ExpenseClaim.kind, sa.String(40)).label("kind"),
        ExpenseClaim.amount_pence,
        ExpenseClaim.description,
        ExpenseClaim.id.label("claim_id"),
    ).where(ExpenseClaim.post_id.is_not(None), ExpenseClaim.state != ClaimState.REJECTED)
    return sa.union_all(recorded, claimed).subquery("budget_charges")


def kind_label(value: str) -> str:
    """A charge's kind as people read it (mileage, subsistence, boot allowance ...)."""
    from expenses.models import ClaimKind

    return ClaimKind(value).label


def charged_in_year(agreement_ids: list[int], year: int) -> int:
    """Pence charged in a calendar year to these agreements' posts."""
    if not agreement_ids:
        return 0
    charges = budget_charges()
    return int(
        db.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(charges.c.amount_pence), 0))
            .join(CscPost, CscPost.id == charges.c.post_id)
            .where(CscPost.agreement_id.in_(agreement_ids))
            .where(charges.c.day >= date(year, 1, 1), charges.c.day < date(year + 1, 1, 1))
        )
    )


def charged_by_post(post_ids: list[int]) -> dict[int, int]:
    """Pence ever charged to each of these posts."""
    if not post_ids:
        return {}
    charges = budget_charges()
    rows = db.session.execute(
        sa.select(charges.c.post_id, sa.func.sum(charges.c.amount_pence))
        .where(charges.c.post_id.in_(post_ids))
        .group_by(charges.c.post_id)
    )
    return {post_id: int(pence) for post_id, pence in rows}


def refuse_over_budget(post_id: int, day: date, amount_pence: int) -> None:
    """A charge that would take the council past its budget for the year is refused (naming the amount)."""
    agreement = db.session.scalar(sa.select(CscAgreement).join(CscPost).where(CscPost.id == post_id))
    if agreement is None:
        return
    used = charged_in_year([agreement.id], day.year)
    if used + amount_pence > agreement.annual_budget_pence:
        left = max(agreement.annual_budget_pence - used, 0)
        raise Refusal(
            f"Amount is over the budget: £{left / 100:,.2f} of the £{agreement.annual_budget_pence / 100:,.2f} "
            f"annual budget is left for {day.year}",
            "amount",
        )
