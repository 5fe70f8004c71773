"""Shared SQL pieces: membership on a date (from volunteers.memberships), a Special's learning stage on a date."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.extensions import db
from volunteers.memberships import held_on, member_on  # noqa: F401 (member_on: re-exported for the queries)
from volunteers.models import LearningStage, ProgrammeMembership, SpecialConstable

PM = ProgrammeMembership


def active_on(day: date, membership=PM) -> sa.ColumnElement[bool]:
    """A membership held on ``day``: volunteers.memberships.held_on (the one definition)."""
    return held_on(day, membership)


def stage_on(day: date) -> sa.ColumnElement:
    """A Special's learning stage on ``day`` from the dated stage fields.

    Without any later-stage date recorded the current stage is the only evidence, so it is used.
    """
    sc = SpecialConstable
    return sa.case(
        (sc.qualified_on <= day, LearningStage.QUALIFIED.value),
        (sc.independent_patrol_on <= day, LearningStage.INDEPENDENT_PATROL.value),
        (sc.accompanied_patrol_on <= day, LearningStage.ACCOMPANIED_PATROL.value),
        (
            sa.and_(sc.qualified_on.is_(None), sc.independent_patrol_on.is_(None), sc.accompanied_patrol_on.is_(None)),
            sa.cast(sc.stage, sa.String),
        ),
        else_=LearningStage.INITIAL_LEARNING.value,
    )


TRAINED_STAGES = (LearningStage.INDEPENDENT_PATROL.value, LearningStage.QUALIFIED.value)


def flag(condition) -> sa.ColumnElement[int]:
    """1 where ``condition`` holds, else 0 (a column a selection carries for the figures counted from it)."""
    return sa.case((condition, 1), else_=0)


def value_of(item) -> str | None:
    """An enum member or a plain string as its string value."""
    if item is None:
        return None
    return getattr(item, "value", item)


def rows(stmt) -> list:
    return list(db.session.execute(stmt).all())
