# ruff: noqa: S608  (the SQL below is built from this file's constants only)
"""race guards: no two duties of one volunteer overlap, enforced by the database itself

Revision ID: 0013_race_guards
Revises: 0012_data_versions
Create Date: 2026-12-04 18:00:00

PostgreSQL: an exclusion constraint on (volunteer_id =, tstzrange(starts_at, ends_at) &&) over the duties
that are not rejected (btree_gist gives the integer "=" a GiST operator class). SQLite: two triggers refuse
the same on INSERT and UPDATE. Times touch without overlapping ([start, end)), as the application's own rule.

Duties that already overlap (stored by the races this guards against) are resolved first: of each set of
overlapping duties the approved ones are kept before pending ones, then the first logged; each other one
is rejected with a reason the volunteer sees, an audit event, and the hours ledger of those volunteers is
rebuilt from their approved duties (the rule of 0006 and 0010).

A sign-up is already unique per (shift, volunteer) (uq_shift_signups_shift_id, 0001); places on a shift
and clashes between shifts are guarded by row locks taken in one order (scheduling/locks.py).
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0013_race_guards"
down_revision = "0012_data_versions"
branch_labels = None
depends_on = None

GUARD = "ex_duties_no_overlap"
ORDER = ["csc", "special", "cadet_leader", "active_citizen", "speed_watch", "cadet", "junior_cadet"]
REASON = "Overlapped duty {kept} logged for the same time: rejected when overlapping duties became impossible"

# A duty lasts at most 24 hours, so an overlapping one starts within two local days of it (one more for a
# clock change): the window lets the (volunteer_id, duty_date) index find the candidates.
_SQLITE_CLASH = (
    "EXISTS (SELECT 1 FROM duties d WHERE d.volunteer_id = NEW.volunteer_id "
    "AND d.duty_date BETWEEN date(NEW.duty_date, '-2 days') AND date(NEW.duty_date, '+2 days') "
    "AND d.status != 'rejected' AND d.starts_at < NEW.ends_at AND d.ends_at > NEW.starts_at{other})"
)
_SQLITE_RAISE = f"SELECT RAISE(ABORT, '{GUARD}: the duty overlaps another duty of the same volunteer');"
SQLITE_TRIGGERS = {
    "tr_duties_no_overlap_insert": (
        f"CREATE TRIGGER tr_duties_no_overlap_insert BEFORE INSERT ON duties "
        f"WHEN NEW.status != 'rejected' AND {_SQLITE_CLASH.format(other='')} "
        f"BEGIN {_SQLITE_RAISE} END"
    ),
    "tr_duties_no_overlap_update": (
        "CREATE TRIGGER tr_duties_no_overlap_update "
        "BEFORE UPDATE OF volunteer_id, duty_date, starts_at, ends_at, status ON duties "
        f"WHEN NEW.status != 'rejected' AND {_SQLITE_CLASH.format(other=' AND d.id != NEW.id')} "
        f"BEGIN {_SQLITE_RAISE} END"
    ),
}
POSTGRESQL_GUARD = (
    f"ALTER TABLE duties ADD CONSTRAINT {GUARD} EXCLUDE USING gist "
    "(volunteer_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status <> 'rejected')"
)

duties = sa.table(
    "duties",
    sa.column("id", sa.Integer),
    sa.column("volunteer_id", sa.Integer),
    sa.column("starts_at", core.db.UTCDateTime()),
    sa.column("ends_at", core.db.UTCDateTime()),
    sa.column("status", sa.String),
    sa.column("rejection_reason", sa.String),
    sa.column("reviewed_by_id", sa.Integer),
    sa.column("reviewed_at", core.db.UTCDateTime()),
    sa.column("updated_at", core.db.UTCDateTime()),
)
audit_events = sa.table(
    "audit_events",
    sa.column("occurred_at", core.db.UTCDateTime()),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("object_type", sa.String),
    sa.column("object_id", sa.Integer),
    sa.column("detail", sa.JSON),
)


def _volunteers_with_overlaps(bind) -> list[int]:
    near = (
        "b.duty_date BETWEEN date(a.duty_date, '-2 days') AND date(a.duty_date, '+2 days')"
        if bind.dialect.name == "sqlite"
        else "b.duty_date BETWEEN a.duty_date - 2 AND a.duty_date + 2"
    )
    rows = bind.execute(
        sa.text(
            "SELECT DISTINCT a.volunteer_id FROM duties a JOIN duties b "
            f"ON b.volunteer_id = a.volunteer_id AND b.id != a.id AND {near} "
            "WHERE a.status != 'rejected' AND b.status != 'rejected' "
            "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at ORDER BY a.volunteer_id"
        )
    )
    return [row[0] for row in rows]


def _to_reject(bind, volunteer_id: int) -> dict[int, int]:
    """The volunteer's duties to reject, each with the duty it overlapped (approved kept first, then first logged)."""
    rows = bind.execute(
        sa.select(duties.c.id, duties.c.status, duties.c.starts_at, duties.c.ends_at)
        .where(duties.c.volunteer_id == volunteer_id, duties.c.status != "rejected")
        .order_by(duties.c.id)
    ).all()
    kept: list[tuple[int, datetime, datetime]] = []
    rejected: dict[int, int] = {}
    for duty_id, _status, starts, ends in sorted(rows, key=lambda r: (r.status != "approved", r.id)):
        clash = next((k for k, s, e in kept if s < ends and starts < e), None)
        if clash is None:
            kept.append((duty_id, starts, ends))
        else:
            rejected[duty_id] = clash
    return rejected


def _rebuild_ledger(bind, volunteer_ids: list[int]) -> None:
    """The hours ledger of these volunteers from their approved duties, then the ledger by place (0006, 0010)."""
    if bind.dialect.name == "sqlite":
        month = "date(d.duty_date, 'start of month')"
    else:
        month = "CAST(date_trunc('month', d.duty_date) AS DATE)"
    rank = " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(ORDER))
    name = " ".join(f"WHEN {i} THEN '{p}'" for i, p in enumerate(ORDER))
    programme = (
        f"CASE (SELECT min(CASE pm.programme {rank} END) FROM programme_memberships pm "
        "WHERE pm.volunteer_id = d.volunteer_id AND pm.started_on <= d.duty_date "
        f"AND (pm.ended_on IS NULL OR pm.ended_on > d.duty_date)) {name} END"
    )
    esp = "CASE WHEN d.is_esp THEN d.esp_business_id END"
    ids = sa.bindparam("ids", expanding=True)
    bind.execute(
        sa.text("DELETE FROM duty_month_totals WHERE volunteer_id IN :ids").bindparams(ids), {"ids": volunteer_ids}
    )
    bind.execute(
        sa.text(
            "INSERT INTO duty_month_totals "
            "(month, volunteer_id, programme, district_id, parish_id, esp_business_id, duties, minutes) "
            f"SELECT {month}, d.volunteer_id, {programme}, d.district_id, d.parish_id, {esp}, count(*), sum(d.minutes) "
            "FROM duties d WHERE d.status = 'approved' AND d.volunteer_id IN :ids "
            f"GROUP BY {month}, d.volunteer_id, {programme}, d.district_id, d.parish_id, {esp}"
        ).bindparams(ids),
        {"ids": volunteer_ids},
    )
    keys = (
        "month, coalesce(programme, ''), coalesce(district_id, 0), coalesce(parish_id, 0), coalesce(esp_business_id, 0)"
    )
    bind.execute(sa.text("DELETE FROM duty_place_month_totals"))
    bind.execute(
        sa.text(
            "INSERT INTO duty_place_month_totals "
            "(month, programme, district_id, parish_id, esp_business_id, duties, minutes) "
            f"SELECT {keys}, sum(duties), sum(minutes) FROM duty_month_totals GROUP BY {keys}"
        )
    )


def _resolve_existing_overlaps(bind) -> None:
    now = datetime.now(UTC)
    affected = []
    for volunteer_id in _volunteers_with_overlaps(bind):
        rejected = _to_reject(bind, volunteer_id)
        if not rejected:
            continue
        affected.append(volunteer_id)
        for duty_id, kept in sorted(rejected.items()):
            reason = REASON.format(kept=kept)
            bind.execute(
                duties.update()
                .where(duties.c.id == duty_id)
                .values(
                    status="rejected", rejection_reason=reason, reviewed_by_id=None, reviewed_at=now, updated_at=now
                )
            )
            bind.execute(
                audit_events.insert().values(
                    occurred_at=now,
                    actor=f"migration {revision}",
                    action="duty_rejected",
                    object_type="duty",
                    object_id=duty_id,
                    detail={"reason": reason, "overlapped": kept},
                )
            )
    if affected:
        _rebuild_ledger(bind, affected)


def upgrade():
    bind = op.get_bind()
    _resolve_existing_overlaps(bind)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(POSTGRESQL_GUARD)
    else:
        for trigger in SQLITE_TRIGGERS.values():
            op.execute(trigger)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE duties DROP CONSTRAINT {GUARD}")  # btree_gist stays: others may use it
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
