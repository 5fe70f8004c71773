"""Import duties from CSV: a dry run lists every row's problem; the real run is all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

import sqlalchemy as sa

from core.audit import record
from core.csvio import decode_upload, read_rows
from core.extensions import db
from core.models import District, Parish, User
from core.refusals import Refusal
from scheduling.duties.services import DutyInput, log_duty
from scheduling.models import DutyType
from volunteers.models import Volunteer

REQUIRED = ("volunteer", "date", "start", "end", "type")
COLUMNS = (*REQUIRED, "end_date", "place", "district", "parish", "esp", "notes")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
# Each row is checked against the database (about 100 rows a second): more would outlast a worker's timeout.
MAX_ROWS = 2_000


@dataclass
class RowError:
    line: int
    reason: str
    field: str | None = None


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    dry_run: bool = True
    errors: list[RowError] = field(default_factory=list)
    file_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and self.file_error is None


def parse_date(value: str, name: str = "date") -> date:
    """A date written 2026-07-04 or 04/07/2026."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise Refusal(f"'{value}' is not a date: write it as 2026-07-04 or 04/07/2026", name)


def parse_time(value: str, name: str) -> time:
    """A 24-hour time written 09:30."""
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except ValueError:
        raise Refusal(f"'{value}' is not a time: write it as 09:30", name) from None


def parse_type(value: str) -> DutyType:
    """A duty type by value or label ("patrol", "Op Community")."""
    wanted = value.strip().lower()
    for member in DutyType:
        if wanted in (member.value, member.label.lower()):
            return member
    raise Refusal(f"'{value}' is not a duty type ({', '.join(m.value for m in DutyType)})", "type")


class _Lookups:
    def __init__(self) -> None:
        self.districts = {n.lower(): i for i, n in db.session.execute(sa.select(District.id, District.name))}
        self.parishes: dict[str, list[int]] = {}
        for i, n in db.session.execute(sa.select(Parish.id, Parish.name)):
            self.parishes.setdefault(n.lower(), []).append(i)

    def volunteer_id(self, value: str) -> int:
        value = value.strip()
        if value.isascii() and value.isdigit() and int(value) < 2**31:  # a record number (ids are 32-bit)
            found = db.session.get(Volunteer, int(value))
        else:
            found = db.session.scalars(
                sa.select(Volunteer).where(sa.func.lower(Volunteer.email) == value.lower())
            ).first()
        if found is None:
            raise Refusal(f"No volunteer '{value}' (give the record number or email address)", "volunteer")
        return found.id

    def district_id(self, value: str) -> int | None:
        if not value:
            return None
        if value.lower() not in self.districts:
            raise Refusal(f"No district called '{value}'", "district")
        return self.districts[value.lower()]

    def parish_id(self, value: str, district_id: int | None) -> int | None:
        if not value:
            return None
        ids = self.parishes.get(value.lower(), [])
        if district_id is not None:
            ids = [i for i in ids if db.session.get(Parish, i).district_id == district_id]
        if len(ids) != 1:
            raise Refusal(f"No single parish called '{value}'" + (" in that district" if district_id else ""), "parish")
        return ids[0]


def _row_input(values: dict[str, str], lookups: _Lookups) -> DutyInput:
    esp = values.get("esp", "").lower()
    if esp not in YES | NO:
        raise Refusal(f"'{values.get('esp')}' is not yes or no", "esp")
    if len(values.get("place") or "") > 160:  # the column's size: PostgreSQL refuses longer
        raise Refusal("The place must be 160 characters or fewer", "place")
    district_id = lookups.district_id(values.get("district", ""))
    return DutyInput(
        volunteer_id=lookups.volunteer_id(values["volunteer"]),
        day=parse_date(values["date"]),
        start=parse_time(values["start"], "start"),
        end=parse_time(values["end"], "end"),
        end_day=parse_date(values["end_date"], "end_date") if values.get("end_date") else None,
        duty_type=parse_type(values["type"]),
        place=values.get("place") or None,
        district_id=district_id,
        parish_id=lookups.parish_id(values.get("parish", ""), district_id),
        is_esp=esp in YES,
        notes=values.get("notes") or None,
    )


def import_duties(data: bytes, actor: User, dry_run: bool = True) -> ImportResult:
    """Check (and unless a dry run, save) every row; any error and nothing is saved."""
    result = ImportResult(dry_run=dry_run)
    try:
        rows = list(read_rows(decode_upload(data), REQUIRED))
    except Refusal as problem:
        result.file_error = problem.message
        return result
    if not rows:
        result.file_error = "The file has a header row but no duties"
        return result
    if len(rows) > MAX_ROWS:
        result.file_error = f"The file has more than {MAX_ROWS:,} duties: split it into smaller files"
        return result
    lookups = _Lookups()
    savepoint = db.session.begin_nested()
    try:
        for row in rows:
            result.rows += 1
            try:
                log_duty(_row_input(row.values, lookups), actor)
            except Refusal as problem:
                result.errors.append(RowError(row.line, problem.message, problem.field))
    finally:
        if dry_run or result.errors:
            savepoint.rollback()
        else:
            savepoint.commit()
    if not dry_run and not result.errors:
        result.imported = result.rows
        record("duties_imported", "duty", None, detail={"rows": result.rows})
    return result
