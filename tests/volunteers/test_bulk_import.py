"""The bulk volunteer import writes exactly what the services write row by row (derived data included)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.csvio import decode_upload, read_rows
from core.db import utcnow
from core.extensions import db as _db
from core.models import AuditEvent
from history.models import CadetUnitMembership, SpecialAssignment, VolunteerDistrict
from tests.volunteers.test_imports import _born, _cadet, _csv, _special, _today
from volunteers.imports import VOLUNTEER_REQUIRED, VolunteerRows, import_volunteers
from volunteers.models import (
    ActiveCitizen,
    Cadet,
    CadetLeader,
    ProgrammeMembership,
    SpecialConstable,
    StatusChange,
    Volunteer,
)


def _people(tag: str) -> list[dict]:
    """One of each kind the bulk path writes, and a leaver; names and emails differ by ``tag``."""
    return [
        _special(first_name=f"Ann{tag}", email=f"ann{tag}@example.org"),
        _special(first_name=f"Lea{tag}", email=None, stage="", rank="", left_on="2023-06-30", leave_reason="Moved"),
        _cadet(first_name=f"Cal{tag}", date_of_birth=_born(14)),
        {
            "kind": "cadet_leader",
            "first_name": f"Lee{tag}",
            "last_name": "Leader",
            "date_of_birth": "1975-03-27",
            "district": "Colchester",
            "joined_on": "2021-01-01",
            "cadet_unit": "Colchester VPC Unit",
        },
        {
            "kind": "active_citizen",
            "first_name": f"Al{tag}",
            "last_name": "Cit",
            "date_of_birth": "1970-01-01",
            "district": "basildon",
            "joined_on": "2019-01-01",
            "role_type": "Cyber volunteer",
            "left_on": "2022-01-01",
            "leave_reason": "Moved",
        },
    ]


def _shape(by_first: dict[int, str]) -> dict[str, list]:
    """Every row the import touches, keyed by the person's first name less its tag, ids and clocks left out."""

    def who(volunteer_id: int) -> str:
        return by_first[volunteer_id].rstrip("AB")

    def rows(model, *columns, key="volunteer_id"):
        got = _db.session.execute(sa.select(getattr(model, key), *[getattr(model, c) for c in columns])).all()
        return sorted((who(r[0]), *[str(v) for v in r[1:]]) for r in got if r[0] in by_first)

    return {
        "volunteers": rows(
            Volunteer,
            "last_name",
            "date_of_birth",
            "district_id",
            "status",
            "joined_on",
            "left_on",
            "leave_reason",
            key="id",
        ),
        "specials": rows(SpecialConstable, "rank_id", "command_id", "stage", "initial_learning_on", "csc_post_id"),
        "cadets": rows(Cadet, "cadet_unit_id", "is_junior", "guardian_name", "dofe_level", "dofe_progress_percent"),
        "leaders": rows(CadetLeader, "cadet_unit_id", "is_unit_lead"),
        "citizens": rows(ActiveCitizen, "role_type_id", "is_leader"),
        "memberships": rows(ProgrammeMembership, "programme", "started_on", "ended_on", "end_reason"),
        "status_changes": rows(StatusChange, "event", "effective_on", "programme", "detail", "recorded_by_id"),
        "assignments": rows(SpecialAssignment, "command_id", "csc_post_id", "rank_id", "valid_from", "valid_to"),
        "districts": rows(VolunteerDistrict, "district_id", "valid_from", "valid_to"),
        "units": rows(CadetUnitMembership, "role", "cadet_unit_id", "valid_from", "valid_to"),
        "audit": rows(AuditEvent, "action", "user_id", key="object_id"),
    }


def test_bulk_rows_equal_the_services_rows(ref, db, coordinator_user):
    bulk = import_volunteers(_csv(_people("A")), dry_run=False, today=_today(), by=coordinator_user.id)
    assert bulk.ok and bulk.written == 5
    rows = VolunteerRows(_today(), coordinator_user.id)
    for row in read_rows(decode_upload(_csv(_people("B"))), VOLUNTEER_REQUIRED):
        rows.write(rows.check(row))  # the services, one row at a time
    db.session.commit()
    names = dict(db.session.execute(sa.select(Volunteer.id, Volunteer.first_name)).all())
    bulk_ids = {i: n for i, n in names.items() if n.endswith("A")}
    orm_ids = {i: n for i, n in names.items() if n.endswith("B")}
    assert len(bulk_ids) == len(orm_ids) == 5
    bulk_shape, orm_shape = _shape(bulk_ids), _shape(orm_ids)
    for table in bulk_shape:
        assert bulk_shape[table] == orm_shape[table], table
    assert bulk_shape["districts"] and bulk_shape["assignments"] and bulk_shape["units"]


def test_a_role_younger_than_its_minimum_age_is_refused_in_the_dry_run(ref, db):
    ref.role_type.minimum_age = 21
    db.session.commit()
    young = {
        "kind": "active_citizen",
        "first_name": "Yan",
        "last_name": "Young",
        "date_of_birth": date(_today().year - 19, 1, 1).isoformat(),
        "district": "Colchester",
        "joined_on": _today().replace(day=1).isoformat(),
        "role_type": "Cyber volunteer",
    }
    report = import_volunteers(_csv([young]), dry_run=True, today=_today())
    assert report.errors and report.errors[0][1].startswith("date_of_birth:")


def test_a_person_recorded_by_someone_else_during_the_import_is_refused_and_nothing_saved(ref, db, monkeypatch):
    from volunteers import imports

    checked_file = imports.check_file

    def check_then_someone_else_records_ann(*args, **kwargs):
        answer = checked_file(*args, **kwargs)
        with db.engine.begin() as other:  # another writer, between the check and the writing transaction
            other.execute(
                sa.insert(Volunteer.__table__).values(
                    first_name="Anne",
                    last_name="Other",
                    email="ann@example.org",
                    joined_on=date(2020, 1, 1),
                    status="active",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
        return answer

    monkeypatch.setattr(imports, "check_file", check_then_someone_else_records_ann)
    report = import_volunteers(_csv([_special(), _cadet()]), dry_run=False, today=_today())
    assert report.written == 0 and report.errors == [
        (2, "email: ann@example.org was recorded by someone else during the import")
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 1  # only the other writer's
