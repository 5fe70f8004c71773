"""The monthly commitment: the one owner of "how many hours a month someone is expected to give".

The rule, in one sentence: a volunteer's monthly commitment is their own figure when one is set (a Special's
``monthly_commitment_minutes``), else the usual commitment of their programme (``ProgrammeSetting``; a
Special's, and so a CSC's, is the Special Constabulary's), else 16 hours; someone in no programme has none.

It is written twice on purpose, from the same settings and the same default: ``commitment_sql`` for
statements that compare many people at once (welfare lists, the dashboard's alerts, the parish portal), and
``monthly_commitment`` for one person's pages (home page, profile, my hours, the API). A test proves the two
agree on generated data on both engines (tests/scheduling/test_commitment.py).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.extensions import db
from volunteers.models import Programme, ProgrammeMembership, ProgrammeSetting, SpecialConstable

DEFAULT_COMMITMENT_MINUTES = 16 * 60  # the usual commitment of a Special (DOMAIN.md), when nothing is set

# Whose setting applies when someone is in several programmes: the first they hold in this order.
COMMITMENT_PROGRAMME_ORDER = (
    Programme.SPECIAL,
    Programme.CSC,
    Programme.CADET_LEADER,
    Programme.ACTIVE_CITIZEN,
    Programme.CADET,
    Programme.JUNIOR_CADET,
    Programme.SPEED_WATCH,
)


def monthly_commitment(own_minutes: int | None, programme_minutes: int | None) -> int:
    """The monthly commitment in minutes: the person's own figure, else their programme's, else 16 hours.

    ``None`` means "not set" (0 is a figure: no commitment), as SQL's COALESCE reads it in ``commitment_sql``.
    """
    if own_minutes is not None:
        return own_minutes
    if programme_minutes is not None:
        return programme_minutes
    return DEFAULT_COMMITMENT_MINUTES


def programme_setting_sql(programme: Programme) -> sa.ScalarSelect:
    """The programme's usual monthly commitment (NULL when it has no setting), as a scalar subquery."""
    return (
        sa.select(ProgrammeSetting.monthly_commitment_minutes)
        .where(ProgrammeSetting.programme == programme)
        .scalar_subquery()
    )


def commitment_sql(own=SpecialConstable.monthly_commitment_minutes, programme: Programme = Programme.SPECIAL):
    """``monthly_commitment`` as a SQL expression over a Special's row (the rule above, for many people at once)."""
    return sa.func.coalesce(own, programme_setting_sql(programme), DEFAULT_COMMITMENT_MINUTES)


def commitment_of(volunteer_id: int) -> int | None:
    """One volunteer's monthly commitment in minutes (``monthly_commitment``), None when they are in no programme."""
    held = set(
        db.session.scalars(
            sa.select(ProgrammeMembership.programme).where(
                ProgrammeMembership.volunteer_id == volunteer_id, ProgrammeMembership.ended_on.is_(None)
            )
        )
    )
    if not held:
        return None
    special = db.session.execute(
        sa.select(SpecialConstable.monthly_commitment_minutes).where(SpecialConstable.volunteer_id == volunteer_id)
    ).first()
    # A Special (a CSC too) is held to the Special Constabulary's setting, as commitment_sql reads it.
    programme = Programme.SPECIAL if special else next(p for p in COMMITMENT_PROGRAMME_ORDER if p in held)
    setting = db.session.get(ProgrammeSetting, programme)
    return monthly_commitment(special[0] if special else None, setting.monthly_commitment_minutes if setting else None)


def commitment_verdict(minutes: int, commitment_minutes: int | None, month: date, today: date) -> str | None:
    """Whether a month's hours met the commitment: "Met" or "Not met" once it is over, "Not yet" while it runs.

    ``month`` is any day of the month; a month still running (or to come) is "Met" as soon as the hours reach the
    commitment and "Not yet" until then. None when there is no commitment (0 or none).
    """
    if not commitment_minutes:
        return None
    if minutes >= commitment_minutes:
        return "Met"
    return "Not yet" if (month.year, month.month) >= (today.year, today.month) else "Not met"


def commitments_of(volunteer_ids) -> dict[int, int | None]:
    """``commitment_of`` for many volunteers at once (three queries, however many): id -> minutes, or None."""
    ids = sorted(set(volunteer_ids))
    if not ids:
        return {}
    held: dict[int, set[Programme]] = {}
    for vid, programme in db.session.execute(
        sa.select(ProgrammeMembership.volunteer_id, ProgrammeMembership.programme).where(
            ProgrammeMembership.volunteer_id.in_(ids), ProgrammeMembership.ended_on.is_(None)
        )
    ):
        held.setdefault(vid, set()).add(Programme(programme))
    own = dict(
        db.session.execute(
            sa.select(SpecialConstable.volunteer_id, SpecialConstable.monthly_commitment_minutes).where(
                SpecialConstable.volunteer_id.in_(ids)
            )
        ).all()
    )
    settings = dict(
        db.session.execute(sa.select(ProgrammeSetting.programme, ProgrammeSetting.monthly_commitment_minutes)).all()
    )
    out: dict[int, int | None] = {}
    for vid in ids:
        if vid not in held:
            out[vid] = None
            continue
        programme = Programme.SPECIAL if vid in own else next(p for p in COMMITMENT_PROGRAMME_ORDER if p in held[vid])
        out[vid] = monthly_commitment(own.get(vid), settings.get(programme))
    return out
