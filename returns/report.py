"""The Home Office return as plain data: headcount on a day; joiners and leavers over the year to 31 March by age
band and leaving reason; and, only for someone who may compile returns, by sex and ethnic group (small numbers
suppressed by equality.suppression).

Equality answers are read as they are now (a person may change or withdraw them, and erasure deletes them), so
those breakdowns can change for a past year; every other figure cannot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from core.extensions import db
from equality.categories import ETHNIC_GROUP_OF, ETHNIC_GROUPS, PREFER_NOT, PREFER_NOT_LABEL, SEX
from equality.models import EqualityAnswers
from equality.suppression import Cell, suppress_small_numbers
from returns.counts import (
    AGE_BANDS,
    AGE_NOT_KNOWN,
    REGULAR_FORCE,
    Movement,
    headcount_on,
    joiners_and_leavers,
    leavers_by_reason,
    specials_on,
    year_to_march,
)

NOT_ANSWERED = "Not answered"
SEX_LABELS = [c.label for c in SEX] + [PREFER_NOT_LABEL, NOT_ANSWERED]
GROUP_LABELS = [group.label for group, _ in ETHNIC_GROUPS] + [PREFER_NOT_LABEL, NOT_ANSWERED]
BAND_LABELS = [label for label, _, _ in AGE_BANDS] + [AGE_NOT_KNOWN]


def latest_return_day(today: date) -> date:
    """The last 31 March or 30 September on or before ``today`` (the twice-yearly return's date)."""
    for candidate in (date(today.year, 9, 30), date(today.year, 3, 31)):
        if candidate <= today:
            return candidate
    return date(today.year - 1, 9, 30)


def latest_year_end(today: date) -> int:
    """The latest year ending 31 March on or before ``today`` (its calendar year)."""
    return today.year if today >= date(today.year, 3, 31) else today.year - 1


@dataclass
class Flow:
    """Joiners or leavers over the year: the total and its breakdowns (sex and ethnicity only when permitted)."""

    total: int
    by_age: list[tuple[str, int]]
    by_sex: list[Cell] | None = None
    by_ethnicity: list[Cell] | None = None
    by_reason: list[tuple[str, int]] = field(default_factory=list)
    to_regular_force: int = 0


@dataclass
class HomeOfficeReturn:
    on: date
    year_end: int
    headcount: list[tuple[str, int]]
    specials: Flow  # the Special Constables on the day, by age band (and sex and ethnic group when permitted)
    joiners: Flow
    leavers: Flow
    with_equality: bool

    @property
    def year_label(self) -> str:
        start, end = year_to_march(self.year_end)
        return f"1 April {start.year} to 31 March {end.year}"


def _answers(volunteer_ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
    if not volunteer_ids:
        return {}
    stmt = sa.select(EqualityAnswers.volunteer_id, EqualityAnswers.sex, EqualityAnswers.ethnicity).where(
        EqualityAnswers.volunteer_id.in_(volunteer_ids)
    )
    return {vid: (sex, ethnicity) for vid, sex, ethnicity in db.session.execute(stmt).all()}


def _sex_label(code: str | None) -> str:
    if code is None:
        return NOT_ANSWERED
    if code == PREFER_NOT:
        return PREFER_NOT_LABEL
    return {c.code: c.label for c in SEX}[code]


def _group_label(code: str | None) -> str:
    if code is None:
        return NOT_ANSWERED
    if code == PREFER_NOT:
        return PREFER_NOT_LABEL
    return {g.code: g.label for g, _ in ETHNIC_GROUPS}[ETHNIC_GROUP_OF[code]]


def _in_order(labels: list[str], counted: Counter) -> dict[str, int]:
    return {label: counted.get(label, 0) for label in labels}


def _flow(moves: list[Movement], with_equality: bool, leavers: bool) -> Flow:
    by_age = list(_in_order(BAND_LABELS, Counter(m.band for m in moves)).items())
    flow = Flow(total=len(moves), by_age=by_age)
    if leavers:
        flow.by_reason = leavers_by_reason(moves)
        flow.to_regular_force = dict(flow.by_reason)[REGULAR_FORCE]
    if with_equality:
        answers = _answers({m.volunteer_id for m in moves})
        sexes = Counter(_sex_label(answers.get(m.volunteer_id, (None, None))[0]) for m in moves)
        groups = Counter(_group_label(answers.get(m.volunteer_id, (None, None))[1]) for m in moves)
        flow.by_sex = suppress_small_numbers(_in_order(SEX_LABELS, sexes))
        flow.by_ethnicity = suppress_small_numbers(_in_order(GROUP_LABELS, groups))
    return flow


def home_office_return(on: date, year_end: int, *, with_equality: bool) -> HomeOfficeReturn:
    """The return: headcount on ``on``; Special Constable joiners and leavers over the year to 31 March
    ``year_end``. ``with_equality`` only for someone who may compile returns (core.permissions.compiles_returns)."""
    start, end = year_to_march(year_end)
    joiners, leavers = joiners_and_leavers(start, end)
    return HomeOfficeReturn(
        on=on,
        year_end=year_end,
        headcount=headcount_on(on),
        specials=_flow(specials_on(on), with_equality, leavers=False),
        joiners=_flow(joiners, with_equality, leavers=False),
        leavers=_flow(leavers, with_equality, leavers=True),
        with_equality=with_equality,
    )


def csv_rows(result: HomeOfficeReturn) -> list[list[object]]:
    """The return as CSV rows: section, measure, category, value ("[c]" where suppressed)."""
    rows: list[list[object]] = [
        ["Headcount on " + result.on.isoformat(), label, "All", n] for label, n in result.headcount
    ]
    flows = (
        (f"Headcount on {result.on.isoformat()}", "Special Constables", result.specials),
        (f"Year to 31 March {result.year_end}", "Special Constable joiners", result.joiners),
        (f"Year to 31 March {result.year_end}", "Special Constable leavers", result.leavers),
    )
    for section, name, flow in flows:
        if flow is not result.specials:
            rows.append([section, name, "All", flow.total])
        rows += [[section, f"{name} by age band", label, n] for label, n in flow.by_age]
        if flow.by_sex is not None:
            rows += [[section, f"{name} by sex", c.label, c.shown] for c in flow.by_sex]
        if flow.by_ethnicity is not None:
            rows += [[section, f"{name} by ethnic group", c.label, c.shown] for c in flow.by_ethnicity]
        rows += [[section, f"{name} by reason for leaving", label, n] for label, n in flow.by_reason]
    return rows
