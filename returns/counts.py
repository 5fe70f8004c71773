"""Headcount on a day, and Special Constable joiners and leavers over a year to 31 March, from dated memberships.

Every figure reads volunteers.memberships (held from ``started_on`` to the day before ``ended_on``), the date of
birth and the reason chosen when a membership ended (volunteers.leaving_reasons): none of them moves when later
changes are made, so a return for a past date comes out the same next year. (Equality answers are read as they
are now: see returns.report.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from volunteers.leaving_reasons import LeavingReason
from volunteers.memberships import held_on
from volunteers.models import Programme, ProgrammeMembership, Volunteer
from volunteers.rules import age_on

PM = ProgrammeMembership

# What the return counts on a day, in its order: the workforce return, then the national cadet census.
HEADCOUNT: tuple[tuple[str, tuple[Programme, ...]], ...] = (
    ("Special Constables", (Programme.SPECIAL,)),
    ("Police Support Volunteers", (Programme.ACTIVE_CITIZEN,)),
    ("Volunteer Police Cadets (13 to 18)", (Programme.CADET,)),
    ("Junior cadets (10 to 13)", (Programme.JUNIOR_CADET,)),
    ("Cadet leaders", (Programme.CADET_LEADER,)),
)

# Age bands at the day someone joined or left (the workforce statistics' bands).
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Under 26", 0, 25),
    ("26 to 40", 26, 40),
    ("41 to 55", 41, 55),
    ("56 and over", 56, 200),
)
AGE_NOT_KNOWN = "Not known"
REGULAR_FORCE = "Left to join the regular force"
REASON_NOT_RECORDED = "Not recorded"


def headcount_on(day: date) -> list[tuple[str, int]]:
    """People in each counted programme on ``day`` (a person in two programmes counts in each)."""
    wanted = [p for _, programmes in HEADCOUNT for p in programmes]
    stmt = (
        sa.select(PM.programme, sa.func.count(sa.distinct(PM.volunteer_id)))
        .where(PM.programme.in_(wanted), held_on(day))
        .group_by(PM.programme)
    )
    found = {getattr(p, "value", p): n for p, n in db.session.execute(stmt).all()}
    return [(label, sum(found.get(p.value, 0) for p in programmes)) for label, programmes in HEADCOUNT]


def year_to_march(year: int) -> tuple[date, date]:
    """The year ending 31 March ``year``: 1 April ``year - 1`` to 31 March ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def age_band(born: date | None, on: date) -> str:
    """The age band someone was in on a day ("Not known" without a date of birth)."""
    if born is None:
        return AGE_NOT_KNOWN
    age = age_on(born, on)
    return next((label for label, low, high in AGE_BANDS if low <= age <= high), AGE_NOT_KNOWN)


def reason_label(reason: LeavingReason) -> str:
    """A leaving reason as the return words it."""
    return REGULAR_FORCE if reason == LeavingReason.JOINED_REGULARS else reason.label


def leavers_by_reason(leavers: list[Movement]) -> list[tuple[str, int]]:
    """Leavers counted by their recorded reason, every reason in the list's order ("left to join the regular
    force" first, as the return asks for it), then any whose reason was never recorded."""
    counted = Counter(m.reason for m in leavers)
    rows = [(reason_label(r), counted.get(r, 0)) for r in LeavingReason]
    if counted.get(None):
        rows.append((REASON_NOT_RECORDED, counted[None]))
    return rows


@dataclass(frozen=True)
class Movement:
    """One Special Constable joining or leaving: who, on which day, and (for a leaver) why."""

    volunteer_id: int
    on: date
    born: date | None
    reason: LeavingReason | None = None

    @property
    def band(self) -> str:
        return age_band(self.born, self.on)


def _spells(start: date, end: date) -> dict[int, list[tuple[date, date | None, LeavingReason | None, date | None]]]:
    """Every Special Constable spell touching the year (and the spells next to them), by volunteer."""
    stmt = (
        sa.select(PM.volunteer_id, PM.started_on, PM.ended_on, PM.left_because, Volunteer.date_of_birth)
        .join(Volunteer, Volunteer.id == PM.volunteer_id)
        .where(
            PM.programme == Programme.SPECIAL,
            PM.started_on <= end,
            sa.or_(PM.ended_on.is_(None), PM.ended_on >= start - timedelta(days=1)),
        )
    )
    spells: dict[int, list] = {}
    for vid, started, ended, reason, born in db.session.execute(stmt).all():
        spells.setdefault(vid, []).append((started, ended, reason, born))
    return spells


def _held(spells, day: date) -> bool:
    return any(started <= day and (ended is None or ended > day) for started, ended, _r, _b in spells)


def joiners_and_leavers(start: date, end: date) -> tuple[list[Movement], list[Movement]]:
    """Special Constables who joined and who left between ``start`` and ``end`` (both included).

    A joiner's spell starts in the period and they were not a Special the day before; a leaver's spell ends in
    the period (the day they left) and they are not a Special that day. Each joining and each leaving counts once
    (someone who left and re-joined in the year counts in both)."""
    joiners: list[Movement] = []
    leavers: list[Movement] = []
    for vid, spells in _spells(start, end).items():
        for started, ended, reason, born in spells:
            if start <= started <= end and not _held(spells, started - timedelta(days=1)):
                joiners.append(Movement(vid, started, born))
            if ended is not None and start <= ended <= end and not _held(spells, ended):
                leavers.append(Movement(vid, ended, born, reason))
    key = lambda m: (m.on, m.volunteer_id)  # noqa: E731
    return sorted(joiners, key=key), sorted(leavers, key=key)


def specials_on(day: date) -> list[Movement]:
    """The Special Constables serving on ``day``, each with their date of birth (for the age band that day)."""
    stmt = (
        sa.select(PM.volunteer_id, Volunteer.date_of_birth)
        .join(Volunteer, Volunteer.id == PM.volunteer_id)
        .where(PM.programme == Programme.SPECIAL, held_on(day))
        .distinct()
        .order_by(PM.volunteer_id)
    )
    return [Movement(vid, day, born) for vid, born in db.session.execute(stmt).all()]
