"""The hours ledger: approved duties summed per month, volunteer, programme and place.

Totals over long periods (five years of a county is about 450,000 duties) read the ledger's few
thousand rows per year, plus the raw duties of any part-month at either end of the period.

The ledger is exact, not eventually right: the session hooks below rebuild the (volunteer, month)
rows a flush touches, inside the same transaction, from the duties table itself. A change of a
volunteer's programme memberships rebuilds all their rows, because it can move past duties from one
programme to another. Bulk loads (demo seed, generated data, the migration) call ``rebuild_all``.
On PostgreSQL the volunteers' rows are locked first (scheduling/locks.py: ascending ids, FOR NO KEY UPDATE),
so two transactions touching the same volunteer's month take turns instead of both inserting.

The ledger by place (``duty_place_month_totals``) is the ledger summed over volunteers: a tenth of its
rows, read for totals by district, parish, LPA, ESP employer, programme and month. Each rebuild above
adds the difference it made to it, so it stays the ledger's exact sum (``differences`` checks both).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import FunctionElement

from core.dates import month_start, next_month
from scheduling.locks import lock_volunteers
from scheduling.models import Duty, DutyMonthTotal, DutyPlaceMonthTotal, DutyStatus
from volunteers.memberships import held_on
from volunteers.models import Programme, ProgrammeMembership

# A duty counts once, under the first programme in this order the volunteer held on the day.
DUTY_PROGRAMME_ORDER = [
    Programme.CSC,
    Programme.SPECIAL,
    Programme.CADET_LEADER,
    Programme.ACTIVE_CITIZEN,
    Programme.SPEED_WATCH,
    Programme.CADET,
    Programme.JUNIOR_CADET,
]

LEDGER = DutyMonthTotal.__table__
PLACES = DutyPlaceMonthTotal.__table__  # the ledger summed over volunteers
DUTIES = Duty.__table__
PLACE_KEYS = ("month", "programme", "district_id", "parish_id", "esp_business_id")
# What the by-place table stores for "none": no programme held that day, no parish, not ESP time.
PLACE_NONE = {"programme": "", "district_id": 0, "parish_id": 0, "esp_business_id": 0}


class first_of_month(FunctionElement):  # noqa: N801 - a SQL function name
    """The first day of a date's month, as a date, on SQLite and PostgreSQL."""

    type = sa.Date()
    inherit_cache = True


@compiles(first_of_month)
def _first_of_month_default(element, compiler, **kw):
    return f"CAST(date_trunc('month', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(first_of_month, "sqlite")
def _first_of_month_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, 'start of month')"


def programme_on(volunteer_id, day) -> sa.ScalarSelect:
    """The programme value a duty of the volunteer on ``day`` counts under (NULL: none held that day)."""
    membership = aliased(ProgrammeMembership)
    rank = sa.case(
        {p.value: index for index, p in enumerate(DUTY_PROGRAMME_ORDER)},
        value=sa.cast(membership.programme, sa.String),
    )
    first = (
        sa.select(sa.func.min(rank))
        .where(
            membership.volunteer_id == volunteer_id,
            held_on(day, membership),
        )
        .scalar_subquery()
    )
    return sa.case({index: p.value for index, p in enumerate(DUTY_PROGRAMME_ORDER)}, value=first)


@functools.cache
def _duty_keys() -> dict:
    """Each ledger column as computed from a duty row (built once: the expressions are immutable)."""
    return {
        "month": first_of_month(DUTIES.c.duty_date),
        "volunteer_id": DUTIES.c.volunteer_id,
        "programme": programme_on(DUTIES.c.volunteer_id, DUTIES.c.duty_date),
        "district_id": DUTIES.c.district_id,
        "parish_id": DUTIES.c.parish_id,
        "esp_business_id": sa.case((DUTIES.c.is_esp.is_(True), DUTIES.c.esp_business_id), else_=None),
    }


GRAIN = ("month", "volunteer_id", "programme", "district_id", "parish_id", "esp_business_id")


def grouped_duties(where, keys: tuple[str, ...] = GRAIN) -> sa.Select:
    """Approved duties matching ``where`` summed per ``keys`` (the full grain: the rows the ledger should hold)."""
    computed = _duty_keys()
    columns = [computed[k].label(k) for k in keys]
    return (
        sa.select(
            *columns,
            sa.func.count().label("duties"),
            sa.func.sum(DUTIES.c.minutes).label("minutes"),
        )
        .where(DUTIES.c.status == DutyStatus.APPROVED.value, where)
        .group_by(*[computed[k] for k in keys])
    )


_COLUMNS = [*GRAIN, "duties", "minutes"]


def _place_columns(table) -> list:
    """The by-place key of a ledger row, with "none" as the by-place table stores it."""
    return [table.c.month] + [sa.func.coalesce(table.c[k], PLACE_NONE[k]) for k in PLACE_KEYS[1:]]


def _place_sums(connection, ledger_where) -> dict[tuple, tuple[int, int]]:
    """The ledger rows matching ``ledger_where`` summed per by-place key."""
    keys = _place_columns(LEDGER)
    sums = sa.select(*keys, sa.func.sum(LEDGER.c.duties), sa.func.sum(LEDGER.c.minutes))
    rows = connection.execute(sums.where(ledger_where).group_by(*keys))
    return {tuple(r[:5]): (int(r[5]), int(r[6])) for r in rows}


def _upsert(connection):
    """INSERT ... ON CONFLICT (the by-place key) DO UPDATE adding to the row, on SQLite or PostgreSQL."""
    insert = (postgresql if connection.dialect.name == "postgresql" else sqlite).insert(PLACES)
    return insert.on_conflict_do_update(
        index_elements=list(PLACE_KEYS),
        set_={
            "duties": PLACES.c.duties + insert.excluded.duties,
            "minutes": PLACES.c.minutes + insert.excluded.minutes,
        },
    )


_ADD_TO_PLACE = (
    PLACES.update()
    .where(*[PLACES.c[k] == sa.bindparam(f"key_{k}") for k in PLACE_KEYS])
    .values(duties=PLACES.c.duties + sa.bindparam("add_duties"), minutes=PLACES.c.minutes + sa.bindparam("add_minutes"))
)


def _add_to_places(connection, before: dict, after: dict) -> None:
    """Add the difference between two sets of by-place sums to the by-place table; drop rows left at zero.

    A key in ``before`` has its row already (the table holds every ledger row's key): it is updated,
    down or up. A key only in ``after`` is added, or added to a row another volunteer's duties made.
    """
    upsert, months = None, set()
    # Row by row in one key order for every transaction, so two on PostgreSQL never wait on each other in a circle.
    for key in sorted(set(before) | set(after)):
        duties = after.get(key, (0, 0))[0] - before.get(key, (0, 0))[0]
        minutes = after.get(key, (0, 0))[1] - before.get(key, (0, 0))[1]
        if not (duties or minutes):
            continue
        if key in before:
            named = {f"key_{k}": v for k, v in zip(PLACE_KEYS, key, strict=True)}
            connection.execute(_ADD_TO_PLACE, {**named, "add_duties": duties, "add_minutes": minutes})
            months.add(key[0])
        else:
            upsert = upsert if upsert is not None else _upsert(connection)
            connection.execute(
                upsert, {**dict(zip(PLACE_KEYS, key, strict=True)), "duties": duties, "minutes": minutes}
            )
    if months:
        connection.execute(PLACES.delete().where(PLACES.c.month.in_(sorted(months)), PLACES.c.duties == 0))


def _refill(connection, ledger_where, duties_where) -> None:
    before = _place_sums(connection, ledger_where)
    connection.execute(LEDGER.delete().where(ledger_where))
    connection.execute(LEDGER.insert().from_select(_COLUMNS, grouped_duties(duties_where)))
    _add_to_places(connection, before, _place_sums(connection, ledger_where))


def _refill_places(connection) -> None:
    """Recompute the whole by-place table from the ledger."""
    keys = _place_columns(LEDGER)
    connection.execute(PLACES.delete())
    connection.execute(
        PLACES.insert().from_select(
            [*PLACE_KEYS, "duties", "minutes"],
            sa.select(*keys, sa.func.sum(LEDGER.c.duties), sa.func.sum(LEDGER.c.minutes)).group_by(*keys),
        )
    )


def rebuild_volunteer_months(connection, pairs: Iterable[tuple[int, date]]) -> None:
    """Recompute the ledger rows of each (volunteer, first of month) from that month's approved duties."""
    for volunteer_id, month in sorted(set(pairs)):
        _refill(
            connection,
            sa.and_(LEDGER.c.volunteer_id == volunteer_id, LEDGER.c.month == month),
            sa.and_(
                DUTIES.c.volunteer_id == volunteer_id,
                DUTIES.c.duty_date >= month,
                DUTIES.c.duty_date < next_month(month),
            ),
        )


def rebuild_volunteers(connection, volunteer_ids: Iterable[int]) -> None:
    """Recompute all ledger rows of the volunteers (after their programme memberships changed)."""
    ids = sorted(set(volunteer_ids))
    if ids:
        _refill(connection, LEDGER.c.volunteer_id.in_(ids), DUTIES.c.volunteer_id.in_(ids))


def rebuild_volunteers_between(connection, volunteer_ids: Iterable[int], first_month: date, last_month: date) -> None:
    """Recompute the ledger rows of the volunteers for the months from ``first_month`` to ``last_month`` (after
    duties were written in bulk): one refill for them all, not one per (volunteer, month)."""
    ids = sorted(set(volunteer_ids))
    if ids:
        _refill(
            connection,
            sa.and_(LEDGER.c.volunteer_id.in_(ids), LEDGER.c.month >= first_month, LEDGER.c.month <= last_month),
            sa.and_(
                DUTIES.c.volunteer_id.in_(ids),
                DUTIES.c.duty_date >= first_month,
                DUTIES.c.duty_date < next_month(last_month),
            ),
        )


REBUILD_VOLUNTEERS_AT_ONCE = 500


def rebuild_for_duties(session: Session, approved: Iterable[tuple[int, date]]) -> None:
    """Recompute the ledger for approved duties written in bulk ((volunteer id, duty date) each): their volunteers'
    months from the first to the last, in chunks of volunteers, each chunk's rows locked as the flush hook does."""
    approved = list(approved)
    if not approved:
        return
    connection = session.connection()
    first = month_start(min(day for _v, day in approved))
    last = month_start(max(day for _v, day in approved))
    ids = sorted({v for v, _day in approved})
    for at in range(0, len(ids), REBUILD_VOLUNTEERS_AT_ONCE):
        part = ids[at : at + REBUILD_VOLUNTEERS_AT_ONCE]
        lock_volunteers(connection, part)
        rebuild_volunteers_between(connection, part, first, last)


def rebuild_all(session: Session) -> int:
    """Recompute the whole ledger from the duties table; returns the number of ledger rows."""
    connection = session.connection()
    connection.execute(LEDGER.delete())
    connection.execute(LEDGER.insert().from_select(_COLUMNS, grouped_duties(sa.true())))
    _refill_places(connection)
    return int(connection.execute(sa.select(sa.func.count()).select_from(LEDGER)).scalar_one())


def differences(session: Session) -> list[tuple]:
    """Rows where the ledger and the duties table disagree (empty when the ledger is exact)."""
    expected = grouped_duties(sa.true()).subquery()
    keys = ["month", "volunteer_id", "programme", "district_id", "parish_id", "esp_business_id"]
    held = sa.select(
        *[LEDGER.c[k] for k in keys], sa.func.sum(LEDGER.c.duties), sa.func.sum(LEDGER.c.minutes)
    ).group_by(*[LEDGER.c[k] for k in keys])
    want = {tuple(r[:6]): (int(r[6]), int(r[7])) for r in session.execute(sa.select(expected))}
    have = {tuple(r[:6]): (int(r[6]), int(r[7])) for r in session.execute(held)}
    found = [(k, want.get(k), have.get(k)) for k in set(want) | set(have) if want.get(k) != have.get(k)]
    # The by-place table against the ledger summed over volunteers.
    by_place = _place_sums(session.connection(), sa.true())
    stored = {
        tuple(r[:5]): (int(r[5]), int(r[6]))
        for r in session.execute(sa.select(*[PLACES.c[k] for k in PLACE_KEYS], PLACES.c.duties, PLACES.c.minutes))
    }
    found += [
        (("by place", *k), by_place.get(k), stored.get(k))
        for k in set(by_place) | set(stored)
        if by_place.get(k) != stored.get(k)
    ]
    return sorted(found, key=repr)


# --- keeping the ledger exact: what a flush touches is rebuilt after it ---------------------------


def _before_and_after(obj, attribute: str) -> tuple:
    """The value an attribute had when loaded and the value it has now (history needs active_history)."""
    history = sa.inspect(obj).attrs[attribute].history
    now = getattr(obj, attribute)
    before = history.deleted[0] if history.deleted else (history.unchanged[0] if history.unchanged else now)
    return before, now


@dataclass
class _Touched:
    months: set[tuple[int, date]] = field(default_factory=set)
    volunteers: set[int] = field(default_factory=set)
    # New and changed rows may not know their volunteer's id before the flush (set through a relationship).
    new_duties: list[Duty] = field(default_factory=list)
    new_memberships: list[ProgrammeMembership] = field(default_factory=list)


def _note_duty(touched: _Touched, duty: Duty, is_deleted: bool) -> None:
    """The month the duty held before this flush; its month after is read once the flush has run."""
    old_status, _ = _before_and_after(duty, "status")
    old_volunteer, _ = _before_and_after(duty, "volunteer_id")
    old_date, _ = _before_and_after(duty, "duty_date")
    if old_status == DutyStatus.APPROVED and old_volunteer is not None:
        touched.months.add((old_volunteer, month_start(old_date)))
    if not is_deleted:
        touched.new_duties.append(duty)  # a volunteer set through the relationship has its id only after the flush


def _note_membership(touched: _Touched, membership: ProgrammeMembership) -> None:
    old_volunteer, _ = _before_and_after(membership, "volunteer_id")
    if old_volunteer is not None:
        touched.volunteers.add(old_volunteer)
    touched.new_memberships.append(membership)  # its volunteer after the flush is read then


def _collect(session: Session, flush_context, instances) -> None:
    touched = session.info.setdefault("hours_ledger", _Touched())
    for obj in session.new:
        if isinstance(obj, Duty):
            touched.new_duties.append(obj)
        elif isinstance(obj, ProgrammeMembership):
            touched.new_memberships.append(obj)
    for obj in session.dirty:
        if isinstance(obj, Duty) and session.is_modified(obj):
            _note_duty(touched, obj, is_deleted=False)
        elif isinstance(obj, ProgrammeMembership) and session.is_modified(obj):
            _note_membership(touched, obj)
    for obj in session.deleted:
        if isinstance(obj, Duty):
            _note_duty(touched, obj, is_deleted=True)
        elif isinstance(obj, ProgrammeMembership):
            _note_membership(touched, obj)


def _rebuild(session: Session, flush_context) -> None:
    touched = session.info.pop("hours_ledger", None)
    if touched is None:
        return
    for duty in touched.new_duties:
        if duty.status == DutyStatus.APPROVED and duty.volunteer_id is not None and duty.duty_date is not None:
            touched.months.add((duty.volunteer_id, month_start(duty.duty_date)))
    touched.volunteers.update(m.volunteer_id for m in touched.new_memberships if m.volunteer_id is not None)
    if not (touched.months or touched.volunteers):
        return
    connection = session.connection()
    lock_volunteers(connection, touched.volunteers | {v for v, _ in touched.months})
    rebuild_volunteers(connection, touched.volunteers)
    rebuild_volunteer_months(connection, ((v, m) for v, m in touched.months if v not in touched.volunteers))


def _forget(session: Session) -> None:
    session.info.pop("hours_ledger", None)


HOOKS = (
    ("before_flush", _collect),
    ("after_flush", _rebuild),
    ("after_rollback", _forget),
)
