"""People figures: headcount by programme, Specials by stage, command and rank, CSCs and their parishes.

Each figure is counted from a selection (a subquery with one row per item counted); the list behind the
figure (dashboard/drilldown.py) reads the same selection, so a figure and its list cannot differ.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from core.dated import as_of, as_recorded, valid_on
from core.models import Command
from dashboard.periods import Period
from dashboard.queries.common import PM, active_on, flag, member_on, rows, stage_on, value_of
from history.models import CscAgreementStatus, SpecialAssignment
from schemes.models import AgreementStatus, CscAgreement, PostState
from schemes.parishes.in_post import cscs_in_post_on, cscs_in_training_on, posts_by_state_on
from volunteers.models import LearningStage, Programme, Rank, SpecialConstable

NO_COMMAND = "No command recorded"
NO_RANK = "No rank recorded"
IN_POST = PostState.IN_POST.value
IN_TRAINING = PostState.IN_TRAINING.value


def holdings(period: Period) -> sa.Subquery:
    """Every programme membership begun by the period's end: held at the start (the day before) and at the end,
    begun or ended in the period (1 or 0)."""
    return (
        sa.select(
            PM.volunteer_id,
            PM.programme,
            flag(active_on(period.opening)).label("at_start"),
            flag(active_on(period.end)).label("at_end"),
            flag(sa.and_(PM.started_on >= period.start, PM.started_on <= period.end)).label("joined"),
            flag(sa.and_(PM.ended_on >= period.start, PM.ended_on <= period.end)).label("left"),
        )
        .where(PM.started_on <= period.end)
        .subquery("holdings")
    )


def members_at_end(period: Period, programme: Programme) -> sa.Select:
    """The people in a programme on the period's last day: the list behind its headcount."""
    h = holdings(period)
    return sa.select(h.c.volunteer_id).where(h.c.programme == programme, h.c.at_end == 1).distinct()


def headcount(period: Period) -> list[dict]:
    """People in each programme at the start (the day before) and end of the period, joiners and leavers."""
    h = holdings(period)

    def distinct_when(column):
        return sa.func.count(sa.distinct(sa.case((column == 1, h.c.volunteer_id))))

    stmt = sa.select(
        h.c.programme, distinct_when(h.c.at_start), distinct_when(h.c.at_end), distinct_when(h.c.joined),
        distinct_when(h.c.left),
    ).group_by(h.c.programme)  # fmt: skip
    found = {value_of(p): (s, e, j, left) for p, s, e, j, left in rows(stmt)}
    result = []
    for programme in Programme:
        start, end, joined, left = found.get(programme.value, (0, 0, 0, 0))
        result.append(
            {
                "programme": programme.value,
                "label": programme.label,
                "start": start,
                "end": end,
                "change": end - start,
                "joined": joined,
                "left": left,
            }
        )
    return result


SA = SpecialAssignment


def _assignment_on(day, volunteer_id=SpecialConstable.volunteer_id):
    """The join condition for a Special's assignment row (command, post, employer) valid on ``day``."""
    return sa.and_(SA.volunteer_id == volunteer_id, valid_on(SA, day))


def _ids_of(holders: sa.Select) -> sa.Select:
    """The volunteer ids of a selection of post-holders (schemes.parishes.in_post)."""
    sub = holders.subquery()
    return sa.select(sub.c.volunteer_id)


def specials_on(day) -> sa.Subquery:
    """One row per Special on ``day``: learning stage, command, rank, CSC post and ESP employer held that day, and
    ``csc_state``: 'in_post' or 'in_training' for a CSC holding a post in that state that day (the one owner,
    schemes.parishes.in_post), else NULL.
    """
    stage = stage_on(day)
    post_id = as_of(SA, SA.csc_post_id, SpecialConstable.csc_post_id)
    # A row without a rank (the rank since deleted) counts under the rank held now.
    rank_id = sa.func.coalesce(as_of(SA, SA.rank_id, SpecialConstable.rank_id), SpecialConstable.rank_id)
    return (
        sa.select(
            SpecialConstable.volunteer_id,
            stage.label("stage"),
            as_of(SA, SA.command_id, SpecialConstable.command_id).label("command_id"),
            rank_id.label("rank_id"),
            post_id.label("post_id"),
            as_of(SA, SA.esp_business_id, SpecialConstable.esp_business_id).label("esp_business_id"),
            sa.case(
                (SpecialConstable.volunteer_id.in_(_ids_of(cscs_in_post_on(day))), IN_POST),
                (SpecialConstable.volunteer_id.in_(_ids_of(cscs_in_training_on(day))), IN_TRAINING),
                else_=sa.null(),
            ).label("csc_state"),
        )
        .select_from(SpecialConstable)
        .outerjoin(SA, _assignment_on(day))
        .where(member_on(SpecialConstable.volunteer_id, Programme.SPECIAL, day))
        .subquery("specials_on")
    )


def specials(period: Period) -> dict:
    """Specials on the last day by learning stage, command and rank (both held that day), and CSCs in post or in
    training."""
    sub = specials_on(period.end)
    stmt = (
        sa.select(sub.c.stage, sub.c.command_id, Command.name, Rank.name, sub.c.csc_state, sa.func.count())
        .select_from(sub)
        .outerjoin(Command, Command.id == sub.c.command_id)
        .outerjoin(Rank, Rank.id == sub.c.rank_id)
        .group_by(sub.c.stage, sub.c.command_id, Command.name, Rank.name, sub.c.csc_state)
    )
    by_stage: Counter = Counter()
    by_command: Counter = Counter()
    by_rank: Counter = Counter()
    csc: Counter = Counter()
    total = 0
    command_ids: dict[str, int | None] = {}
    for stage_value, command_id, command, rank, csc_state, count in rows(stmt):
        command = command or NO_COMMAND
        total += count
        by_stage[stage_value] += count
        by_command[command] += count
        command_ids[command] = command_id if command != NO_COMMAND else None
        by_rank[rank or NO_RANK] += count
        if csc_state:
            csc[csc_state] += count
    return {
        "total": total,
        "by_stage": [{"stage": s.value, "label": s.label, "count": by_stage.get(s.value, 0)} for s in LearningStage],
        "by_command": [
            {"command": name, "command_id": command_ids[name], "count": by_command[name]} for name in sorted(by_command)
        ],
        "by_rank": [{"rank": name, "count": count} for name, count in by_rank.most_common()],
        "csc_in_post": csc[IN_POST],
        "csc_in_training": csc[IN_TRAINING],
    }


def parishes_with_csc_in_post(day) -> sa.Select:
    """The parishes where a CSC was in post on ``day`` (schemes.parishes.in_post.cscs_in_post_on)."""
    sub = cscs_in_post_on(day).subquery("cscs_in_post")
    return sa.select(sub.c.parish_id).distinct()


def agreements_on(day) -> sa.Subquery:
    """Each CSC agreement signed by ``day`` with its parish and its status that day."""
    H = CscAgreementStatus
    status = as_recorded(H, "agreement_id", CscAgreement.id, H.status, CscAgreement.status)
    return (
        sa.select(CscAgreement.id, CscAgreement.parish_id, sa.cast(status, sa.String).label("status"))
        .select_from(CscAgreement)
        .outerjoin(H, sa.and_(H.agreement_id == CscAgreement.id, valid_on(H, day)))
        .where(CscAgreement.signed_on <= day)
        .subquery("agreements_on")
    )


def parishes_by_agreement(day, status: str) -> sa.Select:
    """The parishes with an agreement in ``status`` on ``day``."""
    sub = agreements_on(day)
    return sa.select(sub.c.parish_id).where(sub.c.status == status).distinct()


def csc_schemes(period: Period) -> dict:
    """CSCs in post and the parishes they serve, agreements (signed by the end) by status and posts by state, on the
    last day. CSCs in post and posts by state come from schemes.parishes.in_post (the one owner)."""
    end = period.end
    parishes_with_csc = rows(sa.select(sa.func.count()).select_from(parishes_with_csc_in_post(end).subquery()))[0][0]
    sub = agreements_on(end)
    agreements = {
        value_of(status): count
        for status, count in rows(
            sa.select(sub.c.status, sa.func.count(sa.distinct(sub.c.parish_id))).group_by(sub.c.status)
        )
    }
    posts = {value_of(state): count for state, count in rows(posts_by_state_on(end))}
    return {
        "in_post": int(rows(sa.select(sa.func.count()).select_from(cscs_in_post_on(end).subquery()))[0][0]),
        "parishes_with_csc_in_post": parishes_with_csc,
        "parishes_signed_and_recruited": agreements.get(AgreementStatus.ACTIVE.value, 0),
        "parishes_signed_unable_to_recruit": agreements.get(AgreementStatus.UNABLE_TO_RECRUIT.value, 0),
        "parishes_signed_recruiting": agreements.get(AgreementStatus.SIGNED.value, 0),
        "agreements_ended": agreements.get(AgreementStatus.ENDED.value, 0),
        "posts_by_state": [{"state": s.value, "label": s.label, "count": posts.get(s.value, 0)} for s in PostState],
    }
