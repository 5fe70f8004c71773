"""Figures of spend: approved and paid claims by month, type, what for (duty or training), command, programme,
volunteer and parish, for any period; each figure opens the list of exactly the claims it counted (one select
serves both)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from core.dates import month_start, next_month
from core.extensions import db
from core.models import Command, Parish, User
from core.params import whole_number
from core.permissions import scoped_select
from expenses.models import ClaimedTraining, ClaimKind, ClaimState, ExpenseClaim
from schemes.models import CscAgreement, CscPost
from volunteers.models import Volunteer

SPENT = (ClaimState.APPROVED, ClaimState.PAID)
DIMENSIONS = ("month", "kind", "covers", "command", "programme", "volunteer", "parish")
DIMENSION_TITLES = {
    "month": "By month of the duty",
    "kind": "By type of claim",
    "covers": "By what it was for",
    "command": "By command",
    "programme": "By programme",
    "volunteer": "By volunteer",
    "parish": "Paid from a parish budget",
}
NONE = "none"  # the link value of "no command", "no programme"


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a list shows: a state, a period of duty days, and at most one figure's group."""

    state: ClaimState | None = None
    spent: bool = False  # approved or paid: what the figures count
    start: date | None = None
    end: date | None = None
    dimension: str | None = None
    value: str | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str], start: date | None = None, end: date | None = None) -> ClaimFilter:
        """The filter a list's query string names (unknown values are ignored, never an error)."""
        state = next((s for s in ClaimState if s.value == args.get("state")), None)
        dimension = next((d for d in DIMENSIONS if args.get(d)), None)
        return cls(
            state=state,
            spent=args.get("spent") == "1",
            start=start,
            end=end,
            dimension=dimension,
            value=args.get(dimension) if dimension else None,
        )

    def args(self) -> dict[str, str]:
        out = {}
        if self.state:
            out["state"] = self.state.value
        if self.spent:
            out["spent"] = "1"
        if self.dimension and self.value:
            out[self.dimension] = self.value
        return out


def _parish_of_claim() -> sa.ScalarSelect:
    return (
        sa.select(CscAgreement.parish_id)
        .join(CscPost, CscPost.agreement_id == CscAgreement.id)
        .where(CscPost.id == ExpenseClaim.post_id)
        .scalar_subquery()
    )


def _by_value(stmt: sa.Select, dimension: str, value: str) -> sa.Select:
    number = whole_number(value)
    if dimension == "month":
        try:
            first = month_start(date.fromisoformat(f"{value}-01"))
        except ValueError:
            return stmt.where(sa.false())
        return stmt.where(ExpenseClaim.duty_day >= first, ExpenseClaim.duty_day < next_month(first))
    if dimension == "kind":
        kind = next((k for k in ClaimKind if k.value == value), None)
        return stmt.where(ExpenseClaim.kind == kind) if kind else stmt.where(sa.false())
    if dimension == "covers":
        training = sa.exists().where(ClaimedTraining.claim_id == ExpenseClaim.id)
        return stmt.where(training if value == "training" else ~training)
    if dimension == "command":
        return stmt.where(ExpenseClaim.command_id.is_(None) if value == NONE else ExpenseClaim.command_id == number)
    if dimension == "programme":
        return stmt.where(ExpenseClaim.programme.is_(None) if value == NONE else ExpenseClaim.programme == value)
    if dimension == "volunteer":
        return stmt.where(ExpenseClaim.volunteer_id == number)
    if dimension == "parish":
        return stmt.where(_parish_of_claim() == number)
    return stmt


def claims_select(user: User, chosen: ClaimFilter) -> sa.Select:
    """The claims the user may see that the filter names: the one query behind every list and every figure."""
    stmt = scoped_select(ExpenseClaim, user)
    if chosen.spent:
        stmt = stmt.where(ExpenseClaim.state.in_(SPENT))
    if chosen.state:
        stmt = stmt.where(ExpenseClaim.state == chosen.state)
    if chosen.start:
        stmt = stmt.where(ExpenseClaim.duty_day >= chosen.start)
    if chosen.end:
        stmt = stmt.where(ExpenseClaim.duty_day <= chosen.end)
    if chosen.dimension and chosen.value:
        stmt = _by_value(stmt, chosen.dimension, chosen.value)
    return stmt


@dataclass
class FigureRow:
    label: str
    value: str  # what the row's link filters by
    claims: int = 0
    pence: int = 0


@dataclass
class SpendFigures:
    """Spend in a period, grouped each way, with the period's total."""

    start: date
    end: date
    claims: int = 0
    pence: int = 0
    groups: dict[str, list[FigureRow]] = field(default_factory=dict)


def spend_figures(user: User, start: date, end: date) -> SpendFigures:
    """Approved and paid claims for duties in the period, in the user's scope, grouped by each dimension."""
    base = claims_select(user, ClaimFilter(spent=True, start=start, end=end)).subquery()
    rows = db.session.execute(
        sa.select(
            base.c.duty_day,
            base.c.kind,
            base.c.command_id,
            Command.name,
            base.c.programme,
            base.c.volunteer_id,
            Volunteer.first_name,
            Volunteer.last_name,
            Parish.id,
            Parish.name,
            base.c.amount_pence,
            sa.exists().where(ClaimedTraining.claim_id == base.c.id),
        )
        .join(Volunteer, Volunteer.id == base.c.volunteer_id)
        .outerjoin(Command, Command.id == base.c.command_id)
        .outerjoin(CscPost, CscPost.id == base.c.post_id)
        .outerjoin(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .outerjoin(Parish, Parish.id == CscAgreement.parish_id)
    ).all()
    figures = SpendFigures(start=start, end=end)
    groups: dict[str, dict[str, FigureRow]] = {d: {} for d in DIMENSIONS}
    for day, kind, command_id, command, programme, volunteer_id, first, last, parish_id, parish, pence, trained in rows:
        figures.claims += 1
        figures.pence += pence
        kind = ClaimKind(kind)
        keys = {
            "month": (f"{day:%Y-%m}", f"{day:%B %Y}"),
            "kind": (kind.value, kind.label),
            "covers": ("training", "Training") if trained else ("duty", "Duty"),
            "command": (str(command_id) if command_id else NONE, command or "No command"),
            "programme": (programme or NONE, (programme or "none").replace("_", " ").capitalize()),
            "volunteer": (str(volunteer_id), f"{first} {last}"),
            "parish": (str(parish_id), parish) if parish_id else None,
        }
        for dimension, key in keys.items():
            if key is None:
                continue
            row = groups[dimension].setdefault(key[0], FigureRow(label=key[1], value=key[0]))
            row.claims += 1
            row.pence += pence
    for dimension, by_value in groups.items():
        order = (lambda r: r.value) if dimension == "month" else (lambda r: (-r.pence, r.label))
        figures.groups[dimension] = sorted(by_value.values(), key=order)
    return figures


def figures_csv_rows(figures: SpendFigures) -> list[list[object]]:
    """The figures as CSV lines: grouping, group, claims, pounds."""
    rows: list[list[object]] = [["Total", "All claims", figures.claims, f"{figures.pence / 100:.2f}"]]
    for dimension in DIMENSIONS:
        rows += [
            [DIMENSION_TITLES[dimension], r.label, r.claims, f"{r.pence / 100:.2f}"] for r in figures.groups[dimension]
        ]
    return rows
