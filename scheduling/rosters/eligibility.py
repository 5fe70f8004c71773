"""Who may take a shift: the one rule (``problem_for``), for one person or many at once, and in words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from core.dates import local_date
from core.extensions import db
from scheduling.models import Shift
from volunteers.memberships import held_on
from volunteers.models import (
    Cadet,
    Programme,
    ProgrammeMembership,
    Rank,
    Skill,
    SpecialConstable,
    Volunteer,
    special_skills,
)

CADET_PROGRAMMES = {Programme.CADET, Programme.JUNIOR_CADET}


@dataclass
class Standing:
    """What the rule needs to know of one person on the shift's day."""

    programmes: set[Programme] = field(default_factory=set)
    cadet_consent: bool = False
    seniority: int | None = None
    skill_ids: set[int] = field(default_factory=set)


def eligible_programmes(shift: Shift) -> set[Programme]:
    """The programmes a shift is open to (empty: every adult programme)."""
    return {Programme(v) for v in shift.eligible_programmes.split(",") if v.strip()}


def problem_for(shift: Shift, standing: Standing) -> str | None:
    """Why someone in this standing may not take the shift, or None when they may (the one eligibility rule)."""
    programmes, wanted = standing.programmes, eligible_programmes(shift)
    if wanted and not (wanted & programmes):
        return "This shift is only for: " + ", ".join(sorted(p.label for p in wanted))
    if not wanted and programmes & CADET_PROGRAMMES:
        return "This shift is not open to cadets"
    if programmes & CADET_PROGRAMMES and not standing.cadet_consent:
        return "A cadet needs a guardian's consent on record before signing up"
    if shift.minimum_rank_seniority is not None and (
        standing.seniority is None or standing.seniority < shift.minimum_rank_seniority
    ):
        return "This shift needs a more senior rank"
    if shift.required_skill_id is not None and shift.required_skill_id not in standing.skill_ids:
        return "This shift needs a skill not on record"
    return None


def eligibility_problem(shift: Shift, volunteer: Volunteer) -> str | None:
    """Why the volunteer may not take the shift, or None when they may."""
    return problem_for(shift, standings(shift, [volunteer.id]).get(volunteer.id, Standing()))


def misfits(shift: Shift, volunteer_ids: Iterable[int]) -> dict[int, str]:
    """The people among these who no longer fit the shift's rules (after the rules or their record changed),
    with why: the same rule as signing up, for everyone at once."""
    return {
        vid: problem
        for vid, standing in standings(shift, volunteer_ids).items()
        if (problem := problem_for(shift, standing)) is not None
    }


def standings(shift: Shift, volunteer_ids: Iterable[int]) -> dict[int, Standing]:
    """Each person's standing on the shift's day (two to three queries, however many people)."""
    ids = sorted(set(volunteer_ids))
    if not ids:
        return {}
    day = local_date(shift.starts_at)
    PM = ProgrammeMembership
    out = {vid: Standing() for vid in ids}
    rows = db.session.execute(
        sa.select(PM.volunteer_id, PM.programme).where(PM.volunteer_id.in_(ids), held_on(day))
    ).all()
    for vid, programme in rows:
        out[vid].programmes.add(Programme(programme))
    details = db.session.execute(
        sa.select(Volunteer.id, Rank.seniority, Cadet.guardian_consent_on)
        .select_from(Volunteer)
        .outerjoin(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(Rank, Rank.id == SpecialConstable.rank_id)
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(Volunteer.id.in_(ids))
    ).all()
    for vid, seniority, consent in details:
        out[vid].seniority, out[vid].cadet_consent = seniority, consent is not None
    if shift.required_skill_id is not None:
        held = db.session.scalars(
            sa.select(special_skills.c.volunteer_id).where(
                special_skills.c.volunteer_id.in_(ids), special_skills.c.skill_id == shift.required_skill_id
            )
        )
        for vid in held:
            out[vid].skill_ids.add(shift.required_skill_id)
    return out


def rules_in_words(shift: Shift) -> list[str]:
    """The shift's eligibility rules as sentences, for its page ("Open to: Special Constables ...")."""
    wanted = eligible_programmes(shift)
    if wanted:
        lines = ["Open to: " + ", ".join(sorted(p.label for p in wanted)) + "."]
        if wanted & CADET_PROGRAMMES:
            lines.append("Cadets need a guardian's consent on record.")
    else:
        lines = ["Open to any adult volunteer (not cadets)."]
    if shift.minimum_rank_seniority is not None:
        rank = db.session.scalar(sa.select(Rank.name).where(Rank.seniority == shift.minimum_rank_seniority))
        lines.append(f"Rank: {rank or 'a senior rank'} or above.")
    if shift.required_skill_id is not None:
        skill = db.session.get(Skill, shift.required_skill_id)
        lines.append(f"Skill needed: {skill.name if skill else 'a recorded skill'}.")
    return lines
