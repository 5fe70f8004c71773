"""Effective-dated rows: the shape of a history table, how to read the row valid on a day, and how a
service says on which day the changes it makes take effect.

A row is valid on day D when ``valid_from <= D`` and (``valid_to`` is NULL or ``valid_to > D``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, aliased, mapped_column

from core.extensions import db

EFFECTIVE_KEY = "history_effective_on"


class Dated:
    """The two columns of an effective-dated history row."""

    valid_from: Mapped[date] = mapped_column()
    valid_to: Mapped[date | None] = mapped_column()


def valid_on(model, day) -> sa.ColumnElement[bool]:
    """The history row of ``model`` valid on ``day`` (a date or a date column)."""
    return sa.and_(model.valid_from <= day, sa.or_(model.valid_to.is_(None), model.valid_to > day))


def as_of(model, column, current):
    """``column`` of the outer-joined history row valid on the day; the current value where none is.

    For facts about a person (command, rank, post, employer, unit, district): someone counted on the day by their
    memberships but without a history row then (rows written in bulk elsewhere) keeps the current value.
    """
    return sa.case((model.id.is_(None), current), else_=column)


def as_recorded(model, key_name: str, key, column, current):
    """``column`` of the outer-joined history row valid on the day; NULL (not counted) if the object had no
    row that day, or its current value if it has no history at all (rows inserted in bulk elsewhere)."""
    other = aliased(model)
    untracked = ~sa.select(other.id).where(getattr(other, key_name) == key).exists()
    return sa.case((model.id.is_not(None), column), (untracked, current), else_=sa.null())


@contextmanager
def effective_on(day: date) -> Iterator[None]:
    """Changes flushed inside the block take effect on ``day`` (a service that records a dated event)."""
    info = db.session.info
    previous = info.get(EFFECTIVE_KEY)
    info[EFFECTIVE_KEY] = day
    try:
        yield
    finally:
        if previous is None:
            info.pop(EFFECTIVE_KEY, None)
        else:
            info[EFFECTIVE_KEY] = previous
