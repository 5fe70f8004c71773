"""CSV import and export of volunteers: every row checked first; a real run writes all rows or none."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from core.audit import record
from core.bulk import no_cycle_collection
from core.csvio import CsvRow, decode_upload, read_rows
from core.db import read_only_transactions
from core.extensions import db
from core.models import Command, District, Parish
from core.progress import NoProgress, ProgressSink
from core.refusals import Refusal
from core.typed_dates import DateProblem, date_in_file
from schemes.models import CadetUnit, CscAgreement, CscPost
from volunteers import lifecycle, people, rules
from volunteers.leaving_reasons import LeavingReason, leaving_reason_from_cell
from volunteers.models import (
    LearningStage,
    Rank,
    SpecialConstable,
    Volunteer,
    VolunteerRoleType,
)
from volunteers.people import KINDS

VOLUNTEER_HEADERS = [
    "kind",
    "first_name",
    "last_name",
    "email",
    "phone",
    "date_of_birth",
    "district",
    "joined_on",
    "left_on",
    "leave_reason",
    "leaving_reason",
    "rank",
    "command",
    "stage",
    "parish",
    "cadet_unit",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "guardian_consent_on",
    "role_type",
]
VOLUNTEER_REQUIRED = ["kind", "first_name", "last_name", "date_of_birth", "district", "joined_on"]
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 30_000


def leaving_reason_in(row: CsvRow, left: date | None) -> tuple[LeavingReason | None, str | None]:
    """A leaver's reason from the file: ``leaving_reason`` (a code or label from the list) with ``leave_reason`` as
    its detail; a file with only the old free text gets "Other", the text kept as the detail."""
    code, words = cell(row, "leaving_reason", 60), cell(row, "leave_reason", 200)
    if not left:
        return None, None  # someone still serving: a reason in the file means nothing (as before)
    if code:
        because = leaving_reason_from_cell(code)
        if because is None:
            raise Refusal(f"'{code[:40]}' is not a reason for leaving: use one of {_REASON_CODES}", "leaving_reason")
        if because == LeavingReason.OTHER and not words:
            raise Refusal("say why they left in leave_reason when the reason is other", "leave_reason")
        return because, words
    return LeavingReason.OTHER, words or "Left (imported)"


_REASON_CODES = ", ".join(r.value for r in LeavingReason)


def row_problem(refusal: Refusal) -> str:
    """A refused row's message as the import report lists it: "field: message"."""
    return f"{refusal.field or 'row'}: {refusal.message}"


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    valid: int = 0
    written: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    fatal: str | None = None

    @property
    def ok(self) -> bool:
        return self.fatal is None and not self.errors


# --- Cell parsing shared with the application import ---------------------------------------


def cell(row: CsvRow, name: str, max_len: int = 200, allow_plus: bool = False) -> str | None:
    """A cleaned cell: our own export's formula guard (') undone; live formulas refused."""
    value = (row.values.get(name) or "").strip()
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]
    elif value[:1] in ("=", "@") or (value[:1] in ("+", "-") and not allow_plus and not _numberish(value)):
        raise Refusal(f"'{value[:20]}' looks like a spreadsheet formula", name)
    if len(value) > max_len:
        raise Refusal(f"longer than {max_len} characters", name)
    return value or None


def _numberish(value: str) -> bool:
    return bool(re.fullmatch(r"[+-]?[\d .()]+", value))


def required(row: CsvRow, name: str, max_len: int = 200) -> str:
    """A cell that must not be blank."""
    value = cell(row, name, max_len)
    if not value:
        raise Refusal("required", name)
    return value


def parse_date(row: CsvRow, name: str, need: bool = False) -> date | None:
    """A date as 27/03/2026 or 2026-03-27 (core.typed_dates, as every form reads it)."""
    value = cell(row, name, 20)
    if not value:
        if need:
            raise Refusal("required", name)
        return None
    try:
        return date_in_file(value)
    except DateProblem as problem:
        raise Refusal(problem.reason, name) from None


def email_cell(row: CsvRow, name: str = "email") -> str | None:
    """An optional email address, checked for shape."""
    value = cell(row, name, 254)
    if value and not EMAIL_RE.match(value):
        raise Refusal(f"'{value}' is not an email address", name)
    return value


class Lookup:
    """Case-insensitive name -> id for a table, loaded once per import."""

    def __init__(self, pairs: Iterable[tuple[int, str]], what: str):
        self.ids: dict[str, int] = {}
        for i, name in pairs:
            self.ids.setdefault(str(name).strip().lower(), i)
        self.what = what

    def get(self, row: CsvRow, column: str, need: bool = True) -> int | None:
        value = cell(row, column, 160)
        if not value:
            if need:
                raise Refusal("required", column)
            return None
        found = self.ids.get(value.lower())
        if found is None:
            raise Refusal(f"unknown {self.what} '{value}'", column)
        return found


def one_by_one(write_row: Callable[[dict], None]) -> Callable[[list[tuple[int, dict]], ProgressSink], None]:
    """Write checked rows one at a time through the services (small imports: applications)."""

    def write_rows(checked: list[tuple[int, dict]], progress: ProgressSink) -> None:
        for saved, (line, values) in enumerate(checked, start=1):
            try:
                write_row(values)
            except Refusal as problem:
                problem.line = line  # type: ignore[attr-defined]
                raise
            progress.update(saved=saved)

    return write_rows


def check_file(
    data: bytes,
    required_headers: list[str],
    check_row: Callable[[CsvRow], dict],
    dry_run: bool,
    progress: ProgressSink,
) -> tuple[ImportReport, list[tuple[int, dict]]]:
    """Read and check every row: the report (refusals with line and reason) and the checked rows."""
    report = ImportReport(dry_run)
    checked: list[tuple[int, dict]] = []
    try:
        text = decode_upload(data)
        for row in read_rows(text, required_headers):
            report.rows += 1
            if report.rows > MAX_ROWS:
                raise Refusal(f"The file has more than {MAX_ROWS:,} rows: split it", "file")
            try:
                checked.append((row.line, check_row(row)))
            except Refusal as problem:
                report.errors.append((row.line, row_problem(problem)))
                progress.refuse(row.line, row_problem(problem))
            progress.update(checked=report.rows)
    except Refusal as problem:  # the file itself (each row's refusals are caught above)
        report.fatal = problem.message
    except UnicodeError:  # a BOM followed by bytes of another encoding: core.csvio lets these through
        report.fatal = "The file's text encoding cannot be read: save it as CSV UTF-8"
    else:
        progress.update(checked=report.rows, phase="checked")
        report.valid = len(checked)
    return report, checked


def save_rows(
    report: ImportReport,
    checked: list[tuple[int, dict]],
    write_rows: Callable[[list[tuple[int, dict]], ProgressSink], None],
    what: str,
    progress: ProgressSink,
    recheck: Callable[[list[tuple[int, dict]]], list[tuple[int, str]]] | None = None,
) -> ImportReport:
    """Write every checked row in one transaction, or none (``recheck``: what changed since the check)."""
    progress.update(phase="saving")
    try:
        for line, reason in recheck(checked) if recheck else []:
            report.errors.append((line, reason))
            progress.refuse(line, reason)
        if report.errors:
            db.session.rollback()
            return report
        write_rows(checked, progress)
        record(f"{what}_imported", what, None, detail={"rows": len(checked)})
        db.session.commit()
    except Refusal as problem:
        db.session.rollback()
        line = getattr(problem, "line", 0)
        report.errors.append((line, row_problem(problem)))
        progress.refuse(line, report.errors[-1][1])
        return report
    report.written = len(checked)
    progress.update(saved=len(checked), phase="saved")
    return report


# --- Volunteers -----------------------------------------------------------------------------


class VolunteerRows:
    """Checks and writes volunteer rows; remembers what earlier rows claimed (duplicates, posts)."""

    def __init__(self, today: date, by: int | None):
        self.today, self.by = today, by
        self.districts = Lookup(db.session.execute(sa.select(District.id, District.name)).all(), "district")
        self.commands = Lookup(db.session.execute(sa.select(Command.id, Command.name)).all(), "command")
        self.ranks = Lookup(db.session.execute(sa.select(Rank.id, Rank.name)).all(), "rank")
        self.units = Lookup(db.session.execute(sa.select(CadetUnit.id, CadetUnit.name)).all(), "cadet unit")
        self.role_types = Lookup(
            db.session.execute(sa.select(VolunteerRoleType.id, VolunteerRoleType.name)).all(), "volunteer role"
        )
        self.district_command = dict(db.session.execute(sa.select(District.id, District.command_id)).all())
        self.minimum_ages = dict(
            db.session.execute(sa.select(VolunteerRoleType.id, VolunteerRoleType.minimum_age)).all()
        )
        self.lowest_rank = db.session.scalar(sa.select(Rank.id).order_by(Rank.seniority).limit(1))
        self.parishes: dict[str, list[tuple[int, int]]] = {}
        for pid, name, district_id in db.session.execute(sa.select(Parish.id, Parish.name, Parish.district_id)):
            self.parishes.setdefault(name.lower(), []).append((pid, district_id))
        held = sa.select(SpecialConstable.csc_post_id).where(SpecialConstable.csc_post_id.is_not(None))
        self.free_posts: dict[int, list[int]] = {}
        for post_id, parish_id in db.session.execute(
            sa.select(CscPost.id, CscAgreement.parish_id)
            .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
            .where(~CscPost.id.in_(held))
            .order_by(CscPost.post_number)
        ):
            self.free_posts.setdefault(parish_id, []).append(post_id)
        self.emails = {
            e.lower() for e in db.session.scalars(sa.select(Volunteer.email).where(Volunteer.email.is_not(None)))
        }
        self.people = {
            (f.lower(), last.lower(), born)
            for f, last, born in db.session.execute(
                sa.select(Volunteer.first_name, Volunteer.last_name, Volunteer.date_of_birth).where(
                    Volunteer.date_of_birth.is_not(None)
                )
            )
        }

    def recheck(self, checked: list[tuple[int, dict]]) -> list[tuple[int, str]]:
        """Rows someone else's record now duplicates (read again inside the writing transaction)."""
        emails = {e.lower() for e in db.session.scalars(sa.select(Volunteer.email).where(Volunteer.email.is_not(None)))}
        people = {
            (f.lower(), last.lower(), born)
            for f, last, born in db.session.execute(
                sa.select(Volunteer.first_name, Volunteer.last_name, Volunteer.date_of_birth).where(
                    Volunteer.date_of_birth.is_not(None)
                )
            )
        }
        problems = []
        for line, values in checked:
            person = values["person"]
            if person["email"] and person["email"].lower() in emails:
                problems.append((line, f"email: {person['email']} was recorded by someone else during the import"))
            elif (person["first_name"].lower(), person["last_name"].lower(), person["date_of_birth"]) in people:
                problems.append((line, "first_name: this person was recorded by someone else during the import"))
        return problems

    def _stage(self, row: CsvRow) -> LearningStage:
        value = (cell(row, "stage", 60) or "initial_learning").lower()
        for stage in LearningStage:
            if value in (stage.value, stage.label.lower(), stage.value.replace("_", " ")):
                return stage
        raise Refusal(f"unknown learning stage '{value}'", "stage")

    def _parish(self, row: CsvRow, district_id: int) -> int:
        name = required(row, "parish", 120)
        found = self.parishes.get(name.lower())
        if not found:
            raise Refusal(f"unknown parish or town council '{name}'", "parish")
        in_district = [pid for pid, did in found if did == district_id]
        if not in_district:
            raise Refusal(f"'{name}' is not in the row's district", "parish")
        return in_district[0]

    def check(self, row: CsvRow) -> dict:
        """One row as the values create_volunteer takes, or a Refusal naming the field."""
        kind = (cell(row, "kind", 30) or "").lower().replace(" ", "_")
        if kind not in KINDS:
            raise Refusal(f"'{kind}' is not one of {', '.join(KINDS)}", "kind")
        first, last = required(row, "first_name", 80), required(row, "last_name", 80)
        born = parse_date(row, "date_of_birth", need=True)
        joined = parse_date(row, "joined_on", need=True)
        left = parse_date(row, "left_on")
        email = email_cell(row)
        district_id = self.districts.get(row, "district")
        if joined > self.today:
            raise Refusal("in the future", "joined_on")
        if born >= joined:
            raise Refusal("must be before joined_on", "date_of_birth")
        if left and left < joined:
            raise Refusal("before joined_on", "left_on")
        if left and left > self.today:
            raise Refusal("in the future", "left_on")
        as_of = left or self.today
        if kind == "cadet":
            rules.cadet_band(born, joined)
            rules.cadet_band(born, as_of)
        else:
            rules.require_adult(born, joined, role=KINDS[kind])
        if email and email.lower() in self.emails:
            raise Refusal(f"{email} is already recorded (in the system or earlier in this file)", "email")
        key = (first.lower(), last.lower(), born)
        if key in self.people:
            raise Refusal(
                f"{first} {last} born {born} is already recorded (in the system or earlier in this file)", "first_name"
            )
        role: dict = {}
        if kind in ("special", "csc"):
            role = {
                "rank_id": self.ranks.get(row, "rank", need=False) or self.lowest_rank,
                "command_id": self.commands.get(row, "command", need=False) or self.district_command.get(district_id),
                "stage": self._stage(row),
                "initial_learning_on": joined,
            }
            if role["rank_id"] is None:
                raise Refusal("no ranks are set up", "rank")
            if role["command_id"] is None:
                raise Refusal("required (the district belongs to no command)", "command")
            if kind == "csc":
                parish_id = self._parish(row, district_id)
                posts = self.free_posts.get(parish_id) or []
                if not posts:
                    raise Refusal("the council has no vacant CSC post", "parish")
                role["csc_post_id"] = posts.pop(0)
        elif kind == "cadet":
            role = {
                "cadet_unit_id": self.units.get(row, "cadet_unit"),
                "guardian_name": required(row, "guardian_name", 120),
                "guardian_phone": cell(row, "guardian_phone", 40, allow_plus=True),
                "guardian_email": email_cell(row, "guardian_email"),
                "guardian_consent_on": parse_date(row, "guardian_consent_on"),
            }
        elif kind == "cadet_leader":
            role = {"cadet_unit_id": self.units.get(row, "cadet_unit")}
        else:
            role = {"role_type_id": self.role_types.get(row, "role_type")}
            minimum = self.minimum_ages.get(role["role_type_id"], rules.ADULT_AGE)
            # the role's own minimum age, on the day the record describes (as adding the role checks)
            rules.require_adult(born, as_of, max(minimum, rules.ADULT_AGE), KINDS[kind])
        if email:
            self.emails.add(email.lower())
        self.people.add(key)
        person = {
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": cell(row, "phone", 40, allow_plus=True),
            "date_of_birth": born,
            "district_id": district_id,
            "joined_on": joined,
        }
        because, reason = leaving_reason_in(row, left)
        return {"kind": kind, "person": person, "role": role, "left_on": left, "because": because, "reason": reason}

    def write(self, values: dict) -> None:
        """Create the person (and record leaving for a leaver)."""
        as_of = values["left_on"] or self.today
        volunteer = people.create_volunteer(values["kind"], values["person"], values["role"], as_of, by=self.by)
        if values["left_on"]:
            db.session.flush()
            lifecycle.leave(
                volunteer, values["left_on"], values["because"], self.today, by=self.by, detail=values["reason"]
            )


def import_volunteers(
    data: bytes, dry_run: bool, today: date, by: int | None = None, progress: ProgressSink | None = None
) -> ImportReport:
    """Import volunteers from CSV bytes (dry run: check only); rows are written with bulk statements.

    The file is checked in a read-only transaction (on SQLite it holds no write lock, so other writers
    carry on); the write transaction then re-checks only what may have changed meanwhile (people added
    by others) and writes every row, or none.
    """
    from volunteers.bulk_import import prepare_volunteers, write_volunteers

    progress = progress or NoProgress()
    with no_cycle_collection():
        with read_only_transactions():
            rows = VolunteerRows(today, by)
            report, checked = check_file(data, VOLUNTEER_REQUIRED, rows.check, dry_run, progress)
            db.session.rollback()
        if report.fatal or report.errors or dry_run or not checked:
            return report
        prepared = prepare_volunteers(rows, checked)  # before the writing transaction: its lock is held less
        return save_rows(
            report,
            checked,
            lambda checked, sink: write_volunteers(rows, checked, prepared, sink),
            "volunteer",
            progress,
            recheck=rows.recheck,
        )
