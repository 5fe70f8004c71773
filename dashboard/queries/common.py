"""Shared SQL pieces: membership on a date, a Special's learning stage on a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core.extensions import db
from volunteers.models import LearningStage, Programme, ProgrammeMembership, SpecialConstable

PM = ProgrammeMembership


def active_on(day: date, membership=PM) -> sa.ColumnElement[bool]:
    """A membership held on ``day`` (it ends on ``ended_on``: that day it is no longer held)."""
    return sa.and_(membership.started_on <= day, sa.or_(membership.ended_on.is_(None), membership.ended_on > day))


def member_on(volunteer_id, programmes: Programme | Iterable[Programme], day) -> sa.Exists:
    """EXISTS a membership of the volunteer in one of the programmes, held on ``day`` (a date or a column)."""
    wanted = [programmes] if isinstance(programmes, Programme) else list(programmes)
    alias = aliased(PM)
    return (
        sa.select(alias.id)
        .where(alias.volunteer_id == volunteer_id, alias.programme.in_(wanted), active_on(day, alias))
        .exists()
    )


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
