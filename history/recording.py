"""Writing the dated history (history.models): an ORM hook on every flush, and a bulk backfill.

The hook sees every change made through the ORM (services, routes, CSV imports, admin edits, factories):
a change closes the open row on the day it takes effect (today in Europe/London, or the date the record
carries, e.g. a CSC post's ``state_since``) and opens a new one. Rows inserted in bulk with SQL (the demo
seed, the generator) get their first open row from ``backfill_open_rows``.

A record with no date for its first row (a cadet unit: nothing says when it opened) is ``UNDATED``: the state
found when history began is taken to have held since ``BEFORE_RECORDS``, as the figures assumed before it was
kept; a unit made through the application starts on the day it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from core.dated import EFFECTIVE_KEY
from core.dates import today
from core.extensions import db
from history.models import (
    CadetUnitMembership,
    CadetUnitStatus,
    CscAgreementStatus,
    CscPostState,
    SpecialAssignment,
    SpeedWatchGroupStatus,
    VolunteerDistrict,
)
from schemes.models import CadetUnit, CscAgreement, CscPost, SpeedWatchGroup
from volunteers.models import Cadet, CadetLeader, ProgrammeMembership, SpecialConstable, Volunteer

PERSON = "person"  # the first row of a person's fact starts when they joined (or their first membership)
UNDATED = "undated"  # the record has no date for it: see the module's docstring
BEFORE_RECORDS = date(1900, 1, 1)  # where an UNDATED fact's first row starts (backfill, migration 0011)


@dataclass(frozen=True)
class Fact:
    """One tracked fact: the source model, its history model, and how the columns map."""

    source: type
    history: type
    key: str  # the history column naming the object
    source_key: str  # the source attribute holding it
    values: tuple[tuple[str, str, str | None], ...]  # (history column, source column, source relationship)
    first_from: str  # PERSON, UNDATED, or the source column dating the first row
    effective: str | None = None  # a source column that, when changed too, dates the change
    fixed: dict = field(default_factory=dict)


FACTS = (
    Fact(
        SpecialConstable,
        SpecialAssignment,
        "volunteer_id",
        "volunteer_id",
        (
            ("command_id", "command_id", "command"),
            ("csc_post_id", "csc_post_id", "csc_post"),
            ("esp_business_id", "esp_business_id", "esp_business"),
            ("rank_id", "rank_id", "rank"),
        ),
        PERSON,
    ),
    Fact(
        Cadet,
        CadetUnitMembership,
        "volunteer_id",
        "volunteer_id",
        (("cadet_unit_id", "cadet_unit_id", "unit"),),
        PERSON,
        fixed={"role": "cadet"},
    ),
    Fact(
        CadetLeader,
        CadetUnitMembership,
        "volunteer_id",
        "volunteer_id",
        (("cadet_unit_id", "cadet_unit_id", "unit"),),
        PERSON,
        fixed={"role": "leader"},
    ),
    Fact(Volunteer, VolunteerDistrict, "volunteer_id", "id", (("district_id", "district_id", "district"),), PERSON),
    Fact(CscPost, CscPostState, "post_id", "id", (("state", "state", None),), "state_since", effective="state_since"),
    Fact(
        CscAgreement,
        CscAgreementStatus,
        "agreement_id",
        "id",
        (("status", "status", None),),
        "signed_on",
        effective="ended_on",
    ),
    Fact(SpeedWatchGroup, SpeedWatchGroupStatus, "group_id", "id", (("active", "active", None),), "started_on"),
    Fact(CadetUnit, CadetUnitStatus, "unit_id", "id", (("status", "status", None),), UNDATED),
)
BY_SOURCE = {fact.source: fact for fact in FACTS}


# --- The session hook (installed by the app factory) -----------------------------------------


def record_changes(session: Session, _context) -> None:
    """After each flush (ids assigned, attribute history still there): record the tracked facts that changed."""
    new = session.new
    touched = [o for o in list(new) + list(session.dirty) if type(o) in BY_SOURCE]
    if not touched:
        return
    conn = session.connection()
    told = session.info.get(EFFECTIVE_KEY)
    for obj in touched:
        fact = BY_SOURCE[type(obj)]
        if obj in new:
            _record(conn, fact, obj, True, told)
        elif _changed(obj, fact):
            _record(conn, fact, obj, False, told)


def _changed(obj, fact: Fact) -> bool:
    attrs = sa.inspect(obj).attrs
    names = [name for _h, column, rel in fact.values for name in (column, rel) if name]
    return any(attrs[name].history.has_changes() for name in names)


def _old_value(obj, column: str, rel: str | None):
    """A column's value before this flush (from its own history, else from its relationship's)."""
    attrs = sa.inspect(obj).attrs
    deleted = attrs[column].history.deleted
    if deleted:
        return deleted[0]
    if rel is not None and attrs[rel].history.deleted:
        old = attrs[rel].history.deleted[0]
        return None if old is None else sa.inspect(old).identity[0]
    return getattr(obj, column)


def _effective_day(obj, fact: Fact, told: date | None) -> date:
    if told is not None:
        return told
    if fact.effective and sa.inspect(obj).attrs[fact.effective].history.has_changes():
        day = getattr(obj, fact.effective)
        if day is not None:
            return day
    return today()


def _record(conn, fact: Fact, obj, is_new: bool, told: date | None) -> None:
    """Close the open row on the effective day and open one with the values now (or correct it in place)."""
    table = fact.history.__table__
    key = getattr(obj, fact.source_key)
    values = {column: getattr(obj, source) for column, source, _rel in fact.values}
    same = sa.and_(table.c[fact.key] == key, *[table.c[k] == v for k, v in fact.fixed.items()])
    row = {fact.key: key, **fact.fixed}
    has_rows = sa.select(sa.func.count()).select_from(table).where(same)
    # A new object has no history yet (unless a person's detail row is made again, e.g. a Special re-joining).
    if is_new and (fact.source_key == "id" or not conn.scalar(has_rows)):
        first = _first_from(conn, fact, obj, is_new=True) or told or today()
        conn.execute(table.insert().values(**row, **values, valid_from=first))
        return
    day = _effective_day(obj, fact, told)
    is_open = sa.and_(same, table.c.valid_to.is_(None))
    if conn.execute(table.update().where(is_open, table.c.valid_from < day).values(valid_to=day)).rowcount:
        conn.execute(table.insert().values(**row, **values, valid_from=day))
        return
    # The open row starts on or after the effective day (same-day or backdated correction): correct it.
    if conn.execute(table.update().where(is_open).values(**values)).rowcount:
        return
    if conn.scalar(has_rows):
        conn.execute(table.insert().values(**row, **values, valid_from=day))  # history closed earlier: reopen
        return
    first = _first_from(conn, fact, obj, is_new) or day
    if not is_new and first < day:  # an object from before history was kept: its old state, then the new
        old = {column: _old_value(obj, source, rel) for column, source, rel in fact.values}
        conn.execute(table.insert().values(**row, **old, valid_from=first, valid_to=day))
        first = day
    conn.execute(table.insert().values(**row, **values, valid_from=first))


def _first_from(conn, fact: Fact, obj, is_new: bool) -> date | None:
    """The best known start of an object's first row (None: the day it takes effect)."""
    if fact.first_from == UNDATED:
        return None if is_new else BEFORE_RECORDS
    if fact.first_from != PERSON:
        return getattr(obj, fact.first_from)
    volunteer_id = obj.id if isinstance(obj, Volunteer) else obj.volunteer_id
    v = Volunteer.__table__
    return conn.scalar(sa.select(_person_start(v.c.id, v.c.joined_on)).where(v.c.id == volunteer_id))


def _person_start(volunteer_id, joined_on):
    """The earlier of the day they joined and their first membership's start (SQL)."""
    pm = ProgrammeMembership.__table__
    first_spell = sa.select(sa.func.min(pm.c.started_on)).where(pm.c.volunteer_id == volunteer_id).scalar_subquery()
    return sa.case((first_spell < joined_on, first_spell), else_=joined_on)


HOOKS = (("after_flush", record_changes),)


# --- Bulk backfill ----------------------------------------------------------------------------


def backfill_open_rows() -> dict[str, int]:
    """One open row per tracked object that has no history yet, from its current state (one INSERT per fact)."""
    written = {}
    for fact in FACTS:
        table, src = fact.history.__table__, fact.source.__table__
        key = src.c[fact.source_key]
        if fact.first_from == PERSON:
            v = Volunteer.__table__
            start = _person_start(key, v.c.joined_on)
            frm = src if src is v else src.join(v, v.c.id == key)
        elif fact.first_from == UNDATED:
            start, frm = sa.literal(BEFORE_RECORDS, sa.Date), src
        else:
            start, frm = src.c[fact.first_from], src
        has_history = (
            sa.select(table.c.id)
            .where(table.c[fact.key] == key, *[table.c[k] == v for k, v in fact.fixed.items()])
            .exists()
        )
        columns = [fact.key, *fact.fixed, *(h for h, _s, _r in fact.values), "valid_from"]
        chosen = sa.select(
            key,
            *[sa.literal(v) for v in fact.fixed.values()],
            *(src.c[s] for _h, s, _r in fact.values),
            start,
        ).select_from(frm)
        count = sa.select(sa.func.count()).select_from(table)
        before = db.session.scalar(count)
        db.session.execute(table.insert().from_select(columns, chosen.where(~has_history)))
        # (the driver's rowcount is not reliable for INSERT ... SELECT on every engine)
        written[table.name] = written.get(table.name, 0) + db.session.scalar(count) - before
    return written


# --- Checking -----------------------------------------------------------------------------------


def differences() -> list[str]:
    """Where the dated history disagrees with the records' current state (empty when it agrees): an object
    with no open row, or more than one, or whose open row holds other values than the record now does."""
    found: list[str] = []
    for fact in FACTS:
        table, src = fact.history.__table__, fact.source.__table__
        key = src.c[fact.source_key]
        same = sa.and_(
            table.c[fact.key] == key,
            table.c.valid_to.is_(None),
            *[table.c[k] == v for k, v in fact.fixed.items()],
        )
        open_rows = sa.select(sa.func.count()).select_from(table).where(same).scalar_subquery()
        for obj_key, count in db.session.execute(sa.select(key, open_rows).where(open_rows != 1)):
            found.append(f"{table.name}: {fact.key} {obj_key} has {count} open rows (expected 1)")
        values = [(table.c[h], src.c[s]) for h, s, _r in fact.values]
        differs = sa.or_(*[h.is_distinct_from(s) for h, s in values])
        stmt = sa.select(key, *[h for h, _s in values], *[s for _h, s in values]).join(table, same).where(differs)
        for row in db.session.execute(stmt):
            n = len(values)
            found.append(
                f"{table.name}: {fact.key} {row[0]} open row {tuple(row[1 : n + 1])} but now {tuple(row[n + 1 :])}"
            )
    return found
