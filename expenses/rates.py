"""Rates as dated data: what each kind of claim pays from a date, and the one rule for which rate a claim uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import User
from core.refusals import Refusal
from expenses.models import ClaimKind, ExpenseRate

VEHICLES = ("car", "motorcycle", "bicycle")  # mileage variants, as the claim form offers them
SUBSISTENCE_BAND = "duty over {hours} hours"


@dataclass(frozen=True)
class RateMeaning:
    """What a rate's amount means for its kind, in words for the rates page."""

    amount: str


MEANING = {
    ClaimKind.MILEAGE: RateMeaning("a mile"),
    ClaimKind.FARES: RateMeaning("the most a claim pays"),
    ClaimKind.SUBSISTENCE: RateMeaning("the most paid for a duty over this length"),
    ClaimKind.BOOTS: RateMeaning("once a year"),
    ClaimKind.LOSS_OF_EARNINGS: RateMeaning("the most paid for a day"),
    ClaimKind.OTHER: RateMeaning("the most a claim pays"),
}


def rate_in_force(kind: ClaimKind, variant: str, day: date) -> ExpenseRate | None:
    """The rate of this kind and variant in force on ``day``: the one that started last on or before it."""
    return db.session.scalars(
        sa.select(ExpenseRate)
        .where(ExpenseRate.kind == kind, ExpenseRate.variant == variant, ExpenseRate.starts_on <= day)
        .order_by(ExpenseRate.starts_on.desc())
        .limit(1)
    ).first()


def subsistence_bands_on(day: date) -> list[ExpenseRate]:
    """The subsistence rates in force on ``day``, one per band, shortest duty first."""
    variants = db.session.scalars(
        sa.select(ExpenseRate.variant).where(ExpenseRate.kind == ClaimKind.SUBSISTENCE).distinct()
    ).all()
    bands = [rate for rate in (rate_in_force(ClaimKind.SUBSISTENCE, v, day) for v in variants) if rate is not None]
    return sorted(bands, key=lambda rate: rate.min_minutes or 0)


def subsistence_for(minutes: int, day: date) -> ExpenseRate | None:
    """The subsistence band a duty of ``minutes`` earns on ``day`` (the longest band it is over), else None."""
    earned = [rate for rate in subsistence_bands_on(day) if minutes > (rate.min_minutes or 0)]
    return earned[-1] if earned else None


def rate_history() -> list[ExpenseRate]:
    """Every rate ever set, by kind and variant, newest first within each."""
    return list(
        db.session.scalars(
            sa.select(ExpenseRate).order_by(ExpenseRate.kind, ExpenseRate.variant, ExpenseRate.starts_on.desc())
        )
    )


def rates_in_force(day: date) -> list[ExpenseRate]:
    """One rate per kind and variant: the one in force on ``day``."""
    seen: set[tuple[ClaimKind, str]] = set()
    current = []
    for rate in rate_history():
        key = (rate.kind, rate.variant)
        if key not in seen and rate.starts_on <= day:
            seen.add(key)
            current.append(rate)
    return current


def set_rate(
    kind: ClaimKind,
    variant: str,
    starts_on: date,
    amount_pence: int | None,
    min_minutes: int | None,
    by: User | None,
) -> ExpenseRate:
    """A new rate from a date (the earlier ones are kept: claims for earlier duties still use them)."""
    variant = (variant or "").strip().lower()
    if amount_pence is None:
        raise Refusal("Enter the amount", "amount")
    if kind == ClaimKind.MILEAGE and variant not in VEHICLES:
        raise Refusal(f"Vehicle must be one of: {', '.join(VEHICLES)}", "variant")
    if kind == ClaimKind.SUBSISTENCE:
        if min_minutes is None or min_minutes <= 0:
            raise Refusal("Enter the length of duty, in hours, that subsistence is paid over", "min_hours")
        variant = SUBSISTENCE_BAND.format(hours=f"{min_minutes / 60:g}")
    elif kind != ClaimKind.MILEAGE:
        variant, min_minutes = "", None
    taken = db.session.scalar(
        sa.select(ExpenseRate.id).where(
            ExpenseRate.kind == kind, ExpenseRate.variant == variant, ExpenseRate.starts_on == starts_on
        )
    )
    if taken is not None:
        raise Refusal(f"A {kind.label.lower()} rate already starts on {starts_on:%-d %B %Y}", "starts_on")
    rate = ExpenseRate(
        kind=kind,
        variant=variant,
        starts_on=starts_on,
        amount_pence=amount_pence,
        min_minutes=min_minutes,
        created_by_id=by.id if by else None,
    )
    db.session.add(rate)
    db.session.flush()
    return rate
