"""Import duties from CSV: a dry run lists every row's problem; the real run is all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa

from core.audit import record
from core.bulk import no_cycle_collection
from core.csvio import decode_upload, read_rows
from core.db import read_only_transactions
from core.extensions import db
from core.models import District, Parish, User
from core.progress import NoProgress, ProgressSink
from core.refusals import Refusal
from core.typed_dates import DateProblem, date_in_file, time_in_file
from scheduling.duties import bulk, told
from scheduling.duties.services import DutyInput, DutyPerson, may_log_for
from scheduling.models import DutyStatus, DutyType
from volunteers.models import SpecialConstable, Volunteer

REQUIRED = ("volunteer", "date", "start", "end", "type")
COLUMNS = (*REQUIRED, "end_date", "place", "district", "parish", "esp", "notes")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
# The import runs in the background worker and writes with bulk statements (thousands of rows a second).
MAX_ROWS = 30_000


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
    """A date written 04/07/2026 or 2026-07-04 (core.typed_dates, as every form reads it)."""
    try:
        day = date_in_file(value)
    except DateProblem as problem:
        raise Refusal(problem.reason, name) from None
    if day is None:
        raise Refusal("required", name)
    return day


def parse_time(value: str, name: str) -> time:
    """A time of day written 09:30, 0930 or 9:30am."""
    try:
        at = time_in_file(value)
    except DateProblem as problem:
        raise Refusal(problem.reason, name) from None
    if at is None:
        raise Refusal("required", name)
    return at


def parse_type(value: str) -> DutyType:
    """A duty type by value or label ("patrol", "Op Community")."""
    wanted = value.strip().lower()
    for member in DutyType:
        if wanted in (member.value, member.label.lower()):
            return member
    raise Refusal(f"'{value}' is not a duty type ({', '.join(m.value for m in DutyType)})", "type")


class _Lookups:
    """Every name and person the rows may refer to, read once per import (not once per row)."""

    def __init__(self) -> None:
        self.districts = {n.lower(): i for i, n in db.session.execute(sa.select(District.id, District.name))}
        self.parishes: dict[str, list[int]] = {}
        self.parish_district: dict[int, int] = {}
        for i, n, district_id in db.session.execute(sa.select(Parish.id, Parish.name, Parish.district_id)):
            self.parishes.setdefault(n.lower(), []).append(i)
            self.parish_district[i] = district_id
        self.people: dict[int, DutyPerson] = {}
        self.emails: dict[str, int] = {}
        for row in db.session.execute(_PEOPLE):
            self.people[row.id] = DutyPerson(row.id, row.first_name, row.last_name, row.joined_on, row.esp_business_id)
            if row.email:
                self.emails.setdefault(row.email.lower(), row.id)

    def volunteer(self, value: str) -> DutyPerson:
        value = value.strip()
        if value.isascii() and value.isdigit() and int(value) < 2**31:  # a record number (ids are 32-bit)
            found = self.people.get(int(value))
        else:
            found = self.people.get(self.emails.get(value.lower(), 0))
        if found is None:
            raise Refusal(f"No volunteer '{value}' (give the record number or email address)", "volunteer")
        return found

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
            ids = [i for i in ids if self.parish_district[i] == district_id]
        if len(ids) != 1:
            raise Refusal(f"No single parish called '{value}'" + (" in that district" if district_id else ""), "parish")
        return ids[0]


_PEOPLE = sa.select(
    Volunteer.id,
    Volunteer.first_name,
    Volunteer.last_name,
    Volunteer.joined_on,
    Volunteer.email,
    SpecialConstable.esp_business_id,
).outerjoin(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)


def _row_input(values: dict[str, str], lookups: _Lookups) -> tuple[DutyInput, DutyPerson]:
    esp = values.get("esp", "").lower()
    if esp not in YES | NO:
        raise Refusal(f"'{values.get('esp')}' is not yes or no", "esp")
    if len(values.get("place") or "") > 160:  # the column's size: PostgreSQL refuses longer
        raise Refusal("The place must be 160 characters or fewer", "place")
    district_id = lookups.district_id(values.get("district", ""))
    person = lookups.volunteer(values["volunteer"])
    inp = DutyInput(
        volunteer_id=person.id,
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
    return inp, person


def import_duties(data: bytes, actor: User, dry_run: bool = True, progress: ProgressSink | None = None) -> ImportResult:
    """Check (and unless a dry run, save and commit) every row; any error and nothing is saved.

    Every row meets the rules of ``log_duty`` (one owner: ``scheduling.duties.services``), checked against
    names and people read once, and against the volunteers' other duties (in the database and earlier in
    the file), in a read-only transaction (on SQLite no write lock: other writers carry on). The write
    transaction re-checks the overlaps against the duties stored meanwhile, then writes with bulk
    statements (``scheduling.duties.bulk``).
    """
    progress = progress or NoProgress()
    with no_cycle_collection():
        return _import(data, actor, dry_run, progress)


def _import(data: bytes, actor: User, dry_run: bool, progress: ProgressSink) -> ImportResult:
    with read_only_transactions():
        result, good, inputs = _check(data, actor, dry_run, progress)
        db.session.rollback()
    if dry_run or not result.ok:
        return result
    rows = [values for _line, values in good]
    prepared = bulk.prepare_duties(rows, actor)  # before the writing transaction: its lock is held less
    progress.update(phase="saving")
    for line, problem in bulk.clashes_now(actor, good, inputs):
        result.errors.append(RowError(line, problem.message, problem.field))
        progress.refuse(line, f"{problem.field}: {problem.message}")
    if result.errors:
        db.session.rollback()
        return result
    bulk.write_duties(rows, prepared, progress)
    own = actor.volunteer_id  # a coordinator importing their own duties is not told of them
    told.tell_imported(r for r in rows if r["status"] == DutyStatus.APPROVED and r["volunteer_id"] != own)
    result.imported = len(good)
    record("duties_imported", "duty", None, detail={"rows": result.rows})
    db.session.commit()
    progress.update(saved=len(good), phase="saved")
    return result


def _check(data: bytes, actor: User, dry_run: bool, progress: ProgressSink):
    result = ImportResult(dry_run=dry_run)
    try:
        rows = list(read_rows(decode_upload(data), REQUIRED))
    except Refusal as problem:
        result.file_error = problem.message
        return result, [], []
    if not rows:
        result.file_error = "The file has a header row but no duties"
        return result, [], []
    if len(rows) > MAX_ROWS:
        result.file_error = f"The file has more than {MAX_ROWS:,} duties: split it into smaller files"
        return result, [], []
    lookups = _Lookups()
    parsed: list[tuple[int, DutyInput, DutyPerson]] = []
    for row in rows:
        try:
            if not may_log_for(actor, (inp_person := _row_input(row.values, lookups))[1].id):
                raise Refusal("You may log only your own duties", "volunteer_id")
            parsed.append((row.line, *inp_person))
        except Refusal as problem:
            result.errors.append(RowError(row.line, problem.message, problem.field))
            progress.refuse(row.line, f"{problem.field}: {problem.message}")
    inputs = [inp for _line, inp, _person in parsed]
    checker = bulk.DutyChecker(actor, inputs)
    good: list[tuple[int, dict]] = []
    for checked, (line, inp, person) in enumerate(parsed, start=1):
        try:
            good.append((line, checker.check(inp, person)))
        except Refusal as problem:
            result.errors.append(RowError(line, problem.message, problem.field))
            progress.refuse(line, f"{problem.field}: {problem.message}")
        progress.update(checked=checked + len(rows) - len(parsed))
    result.errors.sort(key=lambda e: e.line)
    result.rows = len(rows)
    progress.update(checked=len(rows), phase="checked")
    return result, good, inputs
