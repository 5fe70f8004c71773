"""The duty import's checks against everything read once, and its bulk writes.

The rules are ``log_duty``'s (``scheduling.duties.services``: shape, overlap, place, ESP time); only the
reading differs: the volunteers' other duties in the file's dates are read in one query and kept in
memory with the rows already accepted, so a row overlapping an earlier row of the same file is refused as
``log_duty`` refuses it. Approved rows change the hours ledger, rebuilt once for their volunteers.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from core.audit import current_actor
from core.bulk import PreparedRows, insert_prepared, prepare_rows, reserve_ids
from core.dates import local_date, local_to_utc, now_utc
from core.db import utcnow
from core.extensions import db
from core.models import AuditEvent, Parish, User
from core.permissions import STAFF
from core.progress import ProgressSink
from core.refusals import Refusal
from scheduling.duties.services import (
    DutyInput,
    DutyPerson,
    _esp_business,
    check_duty_shape,
    duty_snapshot,
    overlap_refused,
)
from scheduling.models import Duty, DutyStatus

CHUNK = 5_000
IDS_PER_QUERY = 2_000
LEDGER_VOLUNTEERS_PER_REBUILD = 500
_DUTIES = Duty.__table__


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DutyChecker:
    """Checks duty rows against the volunteers' duties (stored, and accepted earlier in the file)."""

    def __init__(self, actor: User, inputs: list[DutyInput]):
        self.actor = actor
        self.approve = actor.role in STAFF
        self.now = now_utc()  # one moment for the whole file: stored once per distinct value
        self.parish_district = dict(db.session.execute(sa.select(Parish.id, Parish.district_id)).all())
        self.taken: dict[tuple[int, date], list[tuple]] = {}
        if not inputs:
            return
        first = max(min(i.day for i in inputs), date.min + timedelta(days=2)) - timedelta(days=2)
        last = min(max(i.end_day or i.day for i in inputs), date.max - timedelta(days=2)) + timedelta(days=2)
        ids = sorted({i.volunteer_id for i in inputs})
        for part in _chunks(ids, IDS_PER_QUERY):
            stored = db.session.execute(
                sa.select(Duty.volunteer_id, Duty.duty_date, Duty.starts_at, Duty.ends_at).where(
                    Duty.volunteer_id.in_(part),
                    Duty.duty_date >= first,
                    Duty.duty_date <= last,
                    Duty.status != DutyStatus.REJECTED,
                )
            )
            for volunteer_id, day, starts_at, ends_at in stored:
                self.taken.setdefault((volunteer_id, day), []).append((starts_at, ends_at))

    def _overlap(self, volunteer_id: int, starts_at, ends_at) -> None:
        # As the overlap query: another duty that started from the day before this one to the day it ends.
        day, last = local_date(starts_at) - timedelta(days=1), local_date(ends_at)
        while day <= last:
            for other_start, other_end in self.taken.get((volunteer_id, day), ()):
                if other_start < ends_at and other_end > starts_at:
                    raise overlap_refused(other_start, other_end)
            day += timedelta(days=1)

    def check(self, inp: DutyInput, person: DutyPerson) -> dict:
        """The duty row to insert, or Refusal (the field and message ``log_duty`` would give)."""
        starts_at = local_to_utc(inp.day, inp.start)
        ends_at = local_to_utc(inp.end_day or inp.day, inp.end)
        check_duty_shape(person, starts_at, ends_at)
        self._overlap(person.id, starts_at, ends_at)
        district_id, parish_id = inp.district_id, inp.parish_id
        if parish_id is not None:
            district_id = self.parish_district[parish_id]
        esp_business_id = _esp_business(person, inp.is_esp)
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        if minutes <= 0:
            raise Refusal("The duty must last at least a minute", "end")
        duty_date = local_date(starts_at)
        self.taken.setdefault((person.id, duty_date), []).append((starts_at, ends_at))
        now = self.now
        return {
            "volunteer_id": person.id,
            "shift_id": None,
            "signup_id": None,
            "duty_date": duty_date,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "minutes": minutes,
            "duty_type": inp.duty_type,
            "place": (inp.place or "").strip() or None,
            "district_id": district_id,
            "parish_id": parish_id,
            "is_esp": bool(inp.is_esp),
            "esp_business_id": esp_business_id,
            "notes": (inp.notes or "").strip() or None,
            "status": DutyStatus.APPROVED if self.approve else DutyStatus.PENDING,
            "reviewed_by_id": self.actor.id if self.approve else None,
            "reviewed_at": now if self.approve else None,
            "rejection_reason": None,
            "created_by_id": self.actor.id,
            "created_at": now,
            "updated_at": now,
        }


def clashes_now(actor: User, good: list[tuple[int, dict]], inputs: list[DutyInput]) -> list[tuple[int, Refusal]]:
    """Rows that now overlap a duty stored since they were checked (read inside the writing transaction)."""
    fresh = DutyChecker(actor, inputs)
    clashes = []
    for line, values in good:
        try:
            fresh._overlap(values["volunteer_id"], values["starts_at"], values["ends_at"])
        except Refusal as problem:
            clashes.append((line, problem))
    return clashes


def prepare_duties(rows: list[dict], actor: User) -> list[tuple[int, list[PreparedRows]]]:
    """The duties and their audit events, built and converted before the writing transaction begins (no
    lock held); a duty's id is its position in the chunk until ids are reserved inside the transaction."""
    actor_id, actor_email = current_actor()
    dialect = db.engine.dialect
    logged_at = utcnow()
    prepared = []
    for part in _chunks(rows, CHUNK):
        duties = [{"id": at, **values} for at, values in enumerate(part)]
        audit = [
            {
                "occurred_at": logged_at,
                "user_id": actor_id,
                "actor": actor_email,
                "action": "duty_logged",
                "object_type": "duty",
                "object_id": at,
                "detail": {"after": duty_snapshot(SimpleNamespace(**values))},
                "remote_addr": None,
            }
            for at, values in enumerate(part)
            if values["volunteer_id"] != actor.volunteer_id
        ]
        tables = [prepare_rows(dialect, _DUTIES, duties)]
        if audit:
            tables.append(prepare_rows(dialect, AuditEvent.__table__, audit))
        prepared.append((len(part), tables))
    return prepared


def write_duties(rows: list[dict], prepared: list[tuple[int, list[PreparedRows]]], progress: ProgressSink) -> None:
    """Insert the prepared duties and their audit events, and rebuild the hours ledger (in the caller's
    transaction)."""
    saved = 0
    for size, tables in prepared:
        ids = reserve_ids(db.session, _DUTIES, size)
        for table in tables:
            insert_prepared(db.session, table, {"id" if table.table is _DUTIES else "object_id": ids})
        saved += size
        progress.update(saved=saved)
    from upkeep import after_bulk_load  # above the features: imported when a bulk load ends

    after_bulk_load([(r["volunteer_id"], r["duty_date"]) for r in rows if r["status"] == DutyStatus.APPROVED])
