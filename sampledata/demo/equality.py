"""Demo equality answers: a plausible spread for adult volunteers (some "prefer not to say", some unanswered), and a
coordinator who may compile returns."""

from __future__ import annotations

import random

import sqlalchemy as sa

from core.extensions import db
from equality.categories import PREFER_NOT
from equality.models import EqualityAnswers
from volunteers.models import Programme, ProgrammeMembership

SEED = 2026
# (answer, weight): None is "not answered". Roughly the make-up of a county force's volunteers.
SEX = [("male", 62), ("female", 31), (PREFER_NOT, 4), (None, 3)]
ETHNICITY = [
    ("white_british", 80), ("other_white", 4), ("irish", 1), ("indian", 2), ("pakistani", 1), ("bangladeshi", 1),
    ("chinese", 1), ("african", 2), ("caribbean", 1), ("white_black_caribbean", 1), ("white_asian", 1),
    ("other_mixed", 1), ("arab", 1), (PREFER_NOT, 2), (None, 1),
]  # fmt: skip
DISABILITY = [("no", 86), ("yes", 5), (PREFER_NOT, 5), (None, 4)]
NOBODY_ANSWERED = 0.12  # never opened the equality page at all


def _pick(rng: random.Random, weighted: list[tuple[str | None, int]]) -> str | None:
    return rng.choices([a for a, _ in weighted], weights=[w for _, w in weighted])[0]


def seed_equality() -> int:
    """Answers for adult volunteers (cadets are not asked), deterministic; returns how many rows."""
    pm = ProgrammeMembership
    youth = sa.select(pm.volunteer_id).where(pm.programme.in_([Programme.CADET, Programme.JUNIOR_CADET]))
    adults = db.session.scalars(
        sa.select(pm.volunteer_id).where(pm.volunteer_id.not_in(youth)).distinct().order_by(pm.volunteer_id)
    ).all()
    rng = random.Random(SEED)
    rows = []
    for volunteer_id in adults:
        if rng.random() < NOBODY_ANSWERED:
            continue
        rows.append(
            {
                "volunteer_id": volunteer_id,
                "sex": _pick(rng, SEX),
                "ethnicity": _pick(rng, ETHNICITY),
                "disability": _pick(rng, DISABILITY),
            }
        )
    if rows:
        db.session.execute(sa.insert(EqualityAnswers), rows)
    return len(rows)
