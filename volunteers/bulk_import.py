"""Writing checked volunteer rows with bulk statements (a few INSERTs per thousand rows, not 17 per row).

Each row gets what ``people.create_volunteer`` (and ``lifecycle.leave`` for a leaver) would give it: the
person, the role's detail row, the programme membership (ended for a leaver), the 'joined' (and 'left')
status changes and the audit events. A Community Special Constable also changes a parish post's state,
which the dated history records through the ORM hook, so those (few) rows go through the services. The
dated history of the rows written in bulk is opened once at the end (``upkeep.after_bulk_load``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.audit import current_actor
from core.bulk import PreparedRows, insert_prepared, prepare_rows, reserve_ids
from core.db import utcnow
from core.extensions import db
from core.models import AuditEvent
from core.progress import ProgressSink
from core.refusals import Refusal
from volunteers import rules
from volunteers.imports import VolunteerRows
from volunteers.models import (
    ActiveCitizen,
    Cadet,
    CadetLeader,
    DofeLevel,
    LearningStage,
    Programme,
    ProgrammeMembership,
    SpecialConstable,
    StatusChange,
    StatusEvent,
    Volunteer,
    VolunteerStatus,
)
from volunteers.people import KINDS

CHUNK = 2_000
_VOLUNTEERS = Volunteer.__table__
# The column naming the person in each table written with them (positions in the chunk until ids are reserved).
_PERSON_KEY = {
    "special_constables": "volunteer_id",
    "cadets": "volunteer_id",
    "cadet_leaders": "volunteer_id",
    "active_citizens": "volunteer_id",
    "programme_memberships": "volunteer_id",
    "status_changes": "volunteer_id",
    "audit_events": "object_id",
}
_PROGRAMME = {
    "special": Programme.SPECIAL,
    "cadet_leader": Programme.CADET_LEADER,
    "active_citizen": Programme.ACTIVE_CITIZEN,
}


@dataclass
class PreparedChunk:
    """Up to ``CHUNK`` people and every row they need, converted before the writing transaction begins;
    the person's id is their position in the chunk until ids are reserved inside it."""

    size: int
    tables: list[PreparedRows]


def prepare_volunteers(rows: VolunteerRows, checked: list[tuple[int, dict]]) -> list[PreparedChunk]:
    """Every row the bulk path writes, built and converted ahead (no database work: no lock held)."""
    actor_id, actor_email = current_actor()
    dialect = db.engine.dialect
    bulk = [values for _line, values in checked if values["kind"] != "csc"]
    return [
        _prepare_chunk(dialect, bulk[start : start + CHUNK], rows.today, rows.by, actor_id, actor_email)
        for start in range(0, len(bulk), CHUNK)
    ]


def write_volunteers(
    rows: VolunteerRows, checked: list[tuple[int, dict]], prepared: list[PreparedChunk], progress: ProgressSink
) -> None:
    """Write every checked row (the caller commits once, or rolls back): the prepared chunks, then the
    Community Special Constables through the services."""
    saved = 0
    for chunk in prepared:
        ids = reserve_ids(db.session, _VOLUNTEERS, chunk.size)
        for table in chunk.tables:
            insert_prepared(
                db.session, table, {"id" if table.table is _VOLUNTEERS else _PERSON_KEY[table.table.name]: ids}
            )
        saved += chunk.size
        progress.update(saved=saved)
    for line, values in checked:
        if values["kind"] != "csc":
            continue
        try:
            rows.write(values)
        except Refusal as problem:
            problem.line = line  # type: ignore[attr-defined]
            raise
        saved += 1
        progress.update(saved=saved)
    db.session.flush()
    from upkeep import after_bulk_load  # above the features: imported when a bulk load ends

    after_bulk_load([])  # new people: their dated history opens; they have no duties, so no ledger rows


def _programme(values: dict, today: date) -> Programme:
    if values["kind"] == "cadet":
        as_of = values["left_on"] or today
        band = rules.cadet_band(values["person"]["date_of_birth"], as_of)
        return Programme.JUNIOR_CADET if band == "junior" else Programme.CADET
    return _PROGRAMME[values["kind"]]


def _prepare_chunk(
    dialect, chunk: list[dict], today: date, by: int | None, actor_id: int | None, actor_email: str | None
) -> PreparedChunk:
    now = utcnow()
    people = []
    for at, values in enumerate(chunk):
        left = values["left_on"]
        people.append(
            {
                "id": at,
                **values["person"],
                "status": VolunteerStatus.LEFT if left else VolunteerStatus.ACTIVE,
                "left_on": left,
                "leave_reason": values["reason"] if left else None,
                "left_because": values["because"] if left else None,
                "created_at": now,
                "updated_at": now,
            }
        )
    details: dict[str, list[dict]] = {"special": [], "cadet": [], "cadet_leader": [], "active_citizen": []}
    memberships, changes, audit = [], [], []
    for volunteer_id, values in enumerate(chunk):
        kind, role, joined, left, reason = (
            values["kind"],
            values["role"],
            values["person"]["joined_on"],
            values["left_on"],
            values["reason"],
        )
        programme = _programme(values, today)
        details[kind].append(_detail(kind, volunteer_id, role, programme, joined))
        memberships.append(
            {
                "volunteer_id": volunteer_id,
                "programme": programme,
                "started_on": joined,
                "ended_on": left,
                "end_reason": reason if left else None,
                "left_because": values["because"] if left else None,
            }
        )
        changes.append(_change(volunteer_id, StatusEvent.JOINED, joined, programme, KINDS[kind], by, now))
        audit.append(_audit("volunteer_created", volunteer_id, {"kind": kind, "joined_on": joined.isoformat()}, now))
        if left:
            words = f"{values['because'].label}: {reason}" if reason else values["because"].label
            changes.append(_change(volunteer_id, StatusEvent.LEFT, left, None, words, by, now))
            detail = {
                "left_on": left.isoformat(),
                "reason": values["because"].value,
                "memberships_ended": [programme.value],
            }
            audit.append(_audit("volunteer_left", volunteer_id, detail, now))
    for event in audit:
        event["user_id"], event["actor"] = actor_id, actor_email
    tables = [prepare_rows(dialect, _VOLUNTEERS, people)]
    for kind, model in (
        ("special", SpecialConstable),
        ("cadet", Cadet),
        ("cadet_leader", CadetLeader),
        ("active_citizen", ActiveCitizen),
    ):
        if details[kind]:
            tables.append(prepare_rows(dialect, model.__table__, details[kind]))
    tables += [
        prepare_rows(dialect, ProgrammeMembership.__table__, memberships),
        prepare_rows(dialect, StatusChange.__table__, changes),
        prepare_rows(dialect, AuditEvent.__table__, audit),
    ]
    return PreparedChunk(len(chunk), tables)


def _detail(kind: str, volunteer_id: int, role: dict, programme: Programme, joined: date) -> dict:
    if kind == "special":
        return {
            "volunteer_id": volunteer_id,
            "warrant_number": None,
            "rank_id": role["rank_id"],
            "command_id": role["command_id"],
            "stage": role.get("stage") or LearningStage.INITIAL_LEARNING,
            "initial_learning_on": role.get("initial_learning_on") or joined,
            "accompanied_patrol_on": None,
            "independent_patrol_on": None,
            "qualified_on": None,
            "monthly_commitment_minutes": None,
            "esp_business_id": None,
            "csc_post_id": None,
        }
    if kind == "cadet":
        return {
            "volunteer_id": volunteer_id,
            "cadet_unit_id": role["cadet_unit_id"],
            "is_junior": programme == Programme.JUNIOR_CADET,
            "guardian_name": role["guardian_name"],
            "guardian_phone": role.get("guardian_phone"),
            "guardian_email": role.get("guardian_email"),
            "guardian_consent_on": role.get("guardian_consent_on"),
            "referral_source": None,
            "referred_by_partner_agency": False,
            "dofe_level": DofeLevel.NONE,
            "dofe_progress_percent": 0,
        }
    if kind == "cadet_leader":
        return {"volunteer_id": volunteer_id, "cadet_unit_id": role["cadet_unit_id"], "is_unit_lead": False}
    return {
        "volunteer_id": volunteer_id,
        "role_type_id": role["role_type_id"],
        "is_leader": False,
        "barred_list_checked_on": None,
    }


def _change(volunteer_id, event, on, programme, detail, by, now) -> dict:
    return {
        "volunteer_id": volunteer_id,
        "event": event,
        "effective_on": on,
        "programme": programme,
        "detail": detail,
        "recorded_by_id": by,
        "recorded_at": now,
    }


def _audit(action: str, volunteer_id: int, detail: dict, now) -> dict:
    return {
        "occurred_at": now,
        "action": action,
        "object_type": "volunteer",
        "object_id": volunteer_id,
        "detail": detail,
        "remote_addr": None,
    }
