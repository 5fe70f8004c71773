"""CSC posts and the Community Special Constables in them on a day, read from the dated history.

The one owner of "in post": the dashboard's posts by state and CSCs in post, the hours page's header, the
parish portal, its PDF statement and the pipeline report's posts per parish all count with these selects.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.dated import as_of, as_recorded, valid_on
from core.extensions import db
from schemes.models import CscAgreement, CscPost, PostState
from volunteers.memberships import member_on
from volunteers.models import Programme, SpecialConstable

AS_CSC = (Programme.CSC,)  # a Community Special Constable membership held that day


def history_tables():
    """The dated history tables, imported when a statement is built: history.models imports this package's
    models, whose blueprint loads the route modules that reach this module, so a top-level import would cycle."""
    from history.models import CscPostState, SpecialAssignment

    return CscPostState, SpecialAssignment


def post_state_on(day) -> sa.ColumnElement:
    """A post's state on ``day`` (CscPostState valid that day; NULL when the post's history has no row then,
    its current state when it has no history at all). Outer-join ``CscPostState`` with ``post_state_join``."""
    CscPostState, _ = history_tables()
    return as_recorded(CscPostState, "post_id", CscPost.id, CscPostState.state, CscPost.state)


def post_state_join(day) -> sa.ColumnElement[bool]:
    """The join condition of a post's history row valid on ``day``."""
    CscPostState, _ = history_tables()
    return sa.and_(CscPostState.post_id == CscPost.id, valid_on(CscPostState, day))


def posts_by_state_on(day: date) -> sa.Select:
    """(state, posts): every CSC post counted under the state it was in on ``day``. A post recorded "in post" or
    "in training" that no Community Special Constable held that day counts as vacant after a leaver (its record
    ran ahead of or behind its holder's), so the posts in post and in training are exactly the posts that
    ``cscs_in_post_on`` and ``cscs_in_training_on`` find held."""
    CscPostState, _ = history_tables()
    recorded = post_state_on(day)
    held = sa.union(
        sa.select(cscs_holding_posts_on(day, PostState.IN_POST).subquery().c.post_id),
        sa.select(cscs_holding_posts_on(day, PostState.IN_TRAINING).subquery().c.post_id),
    )
    held_states = [PostState.IN_POST.value, PostState.IN_TRAINING.value]
    unheld = sa.and_(recorded.in_(held_states), CscPost.id.not_in(held))
    state = sa.case((unheld, PostState.VACANT_AFTER_LEAVER.value), else_=recorded).label("state")
    return (
        sa.select(state, sa.func.count())
        .select_from(CscPost)
        .outerjoin(CscPostState, post_state_join(day))
        .where(recorded.is_not(None))
        .group_by(state)
    )


def held_post_on(day, volunteer_id=SpecialConstable.volunteer_id) -> tuple[sa.ColumnElement, sa.ColumnElement]:
    """(join condition, post id): the CSC post a Special held on ``day`` (a date or a date column).

    The post is the one on their SpecialAssignment row valid that day; where their history has no row that
    day, their current post (rows inserted in bulk elsewhere). Outer-join ``SpecialAssignment`` with the
    condition, then read the post id.
    """
    _, SpecialAssignment = history_tables()
    held = SpecialAssignment
    join = sa.and_(held.volunteer_id == volunteer_id, valid_on(held, day))
    return join, as_of(held, held.csc_post_id, SpecialConstable.csc_post_id)


def cscs_holding_posts_on(day: date, state: PostState, parish_id: int | None = None) -> sa.Select:
    """(volunteer id, post id, parish id) of the Community Special Constables holding, on ``day``, a CSC post in
    ``state`` that day: a CSC programme membership held that day, the post on their history row that day
    (``held_post_on``) and the post's state that day (``post_state_on``). Narrowed to one parish with ``parish_id``.
    """
    CscPostState, SpecialAssignment = history_tables()
    join, post_id = held_post_on(day)
    state_then = post_state_on(day)
    stmt = (
        sa.select(SpecialConstable.volunteer_id, CscPost.id.label("post_id"), CscAgreement.parish_id)
        .select_from(SpecialConstable)
        .outerjoin(SpecialAssignment, join)
        .join(CscPost, CscPost.id == post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .outerjoin(CscPostState, post_state_join(day))
        .where(state_then == state.value, member_on(SpecialConstable.volunteer_id, AS_CSC, day))
    )
    if parish_id is not None:
        stmt = stmt.where(CscAgreement.parish_id == parish_id)
    return stmt


def cscs_in_post_on(day: date, parish_id: int | None = None) -> sa.Select:
    """The CSCs in post on ``day``: holding a post whose state that day is "in post" (``cscs_holding_posts_on``)."""
    return cscs_holding_posts_on(day, PostState.IN_POST, parish_id)


def cscs_in_training_on(day: date, parish_id: int | None = None) -> sa.Select:
    """The CSCs in post-foundation training on ``day``: holding a post whose state that day is "in training"."""
    return cscs_holding_posts_on(day, PostState.IN_TRAINING, parish_id)


def count_cscs_in_post(day: date, parish_id: int | None = None) -> int:
    """How many CSCs were in post on ``day`` (``cscs_in_post_on``)."""
    sub = cscs_in_post_on(day, parish_id).subquery()
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(sub)) or 0)


def posts_on(day: date, parish_id: int) -> sa.Select:
    """(post id, post number, state, since, holder's volunteer id) of a parish's CSC posts on ``day``: the state
    each was in that day (``post_state_on``) and the Special holding it that day (``held_post_on``), if any."""
    CscPostState, SpecialAssignment = history_tables()
    join, post_id = held_post_on(day)
    holders = (
        sa.select(SpecialConstable.volunteer_id, post_id.label("post_id"))
        .select_from(SpecialConstable)
        .outerjoin(SpecialAssignment, join)
        .where(post_id.is_not(None), member_on(SpecialConstable.volunteer_id, AS_CSC, day))
        .subquery()
    )
    state = post_state_on(day).label("state")
    since = sa.case((CscPostState.id.is_(None), CscPost.state_since), else_=CscPostState.valid_from).label("since")
    return (
        sa.select(CscPost.id, CscPost.post_number, state, since, holders.c.volunteer_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .outerjoin(CscPostState, post_state_join(day))
        .outerjoin(holders, holders.c.post_id == CscPost.id)
        .where(CscAgreement.parish_id == parish_id, state.is_not(None), CscAgreement.signed_on <= day)
        .order_by(CscAgreement.signed_on, CscAgreement.id, CscPost.post_number, CscPost.id)
    )
