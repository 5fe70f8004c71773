"""Kit outstanding: the figures (held by leavers, radios not returned, armour due, stock low) and, for each,
exactly the rows it counted: the count and the list are read from the same query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import User
from core.permissions import STAFF, scoped_select
from kit import rules
from kit.models import KitCategory, KitIssue, SerialItem, StockLine, open_issues
from kit.scopes import kit_holder_ids
from volunteers.models import Volunteer, VolunteerStatus


@dataclass(frozen=True)
class Figure:
    name: str
    label: str  # "{n} items held by people who have left"
    shows: str  # "issues", "items" or "stock": which list template reads the rows
    query: Callable[[User, date], sa.Select]
    staff_only: bool = False

    def words(self, count: int) -> str:
        """The figure as a sentence: "3 items held by people who have left"."""
        return self.label.format(n=count, s="" if count == 1 else "s")


def _held_by_leavers(user: User, today: date) -> sa.Select:
    left = sa.select(Volunteer.id).where(Volunteer.status == VolunteerStatus.LEFT)
    return (
        scoped_select(KitIssue, user)
        .where(open_issues(), KitIssue.volunteer_id.in_(left))
        .order_by(KitIssue.issued_on, KitIssue.id)
    )


def _radios_not_returned(user: User, today: date) -> sa.Select:
    radios = sa.select(SerialItem.id).where(SerialItem.category == KitCategory.RADIO)
    return _held_by_leavers(user, today).where(KitIssue.item_id.in_(radios))


def _armour_due(user: User, today: date) -> sa.Select:
    holder = sa.orm.aliased(KitIssue, sa.select(KitIssue).where(open_issues()).subquery())
    stmt = (
        sa.select(SerialItem, holder)
        .outerjoin(holder, holder.item_id == SerialItem.id)
        .where(
            SerialItem.category == KitCategory.BODY_ARMOUR,
            SerialItem.written_off_on.is_(None),
            SerialItem.expires_on <= rules.armour_due_by(today),
        )
        .order_by(SerialItem.expires_on, SerialItem.id)
    )
    ids = kit_holder_ids(user)
    return stmt if ids is None else stmt.where(holder.volunteer_id.in_(ids))


def _stock_low(user: User, today: date) -> sa.Select:
    return (
        sa.select(StockLine).where(StockLine.in_store <= StockLine.low_at).order_by(StockLine.item_type, StockLine.size)
    )


FIGURES: dict[str, Figure] = {
    figure.name: figure
    for figure in (
        Figure("held_by_leavers", "{n} item{s} of kit held by people who have left", "issues", _held_by_leavers),
        Figure(
            "radios_not_returned", "{n} radio{s} not returned by people who have left", "issues", _radios_not_returned
        ),
        Figure(
            "armour_due",
            "{n} set{s} of body armour due for replacement (expiring within " + f"{rules.ARMOUR_DUE_DAYS} days)",
            "items",
            _armour_due,
        ),
        Figure(
            "stock_low", "{n} uniform line{s} at or below the low-stock level", "stock", _stock_low, staff_only=True
        ),
    )
}


def figures_for(user: User) -> list[Figure]:
    """The figures this user may see."""
    return [f for f in FIGURES.values() if not f.staff_only or user.role in STAFF]


def figure_named(name: str, user: User) -> Figure | None:
    """The figure of this name if the user may see it."""
    return next((f for f in figures_for(user) if f.name == name), None)


def count(figure: Figure, user: User, today: date) -> int:
    """How many rows the figure counts."""
    stmt = sa.select(sa.func.count()).select_from(figure.query(user, today).order_by(None).subquery())
    return int(db.session.scalar(stmt) or 0)


def rows(figure: Figure, user: User, today: date) -> list:
    """Exactly the rows the figure counts (issues, (item, open issue) pairs, or stock lines)."""
    result = db.session.execute(figure.query(user, today))
    return [tuple(row) for row in result] if figure.shows == "items" else list(result.scalars())
