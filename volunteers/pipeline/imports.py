"""CSV import and export of applications (same all-or-nothing rules as the volunteer import)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.csvio import CsvRow
from core.db import read_only_transactions
from core.extensions import db
from core.models import District, Parish, User
from core.permissions import scoped_select
from core.progress import NoProgress, ProgressSink
from core.refusals import Refusal
from schemes.models import CscAgreement, CscPost, PostState
from volunteers import rules
from volunteers.imports import (
    ImportReport,
    Lookup,
    cell,
    check_file,
    email_cell,
    one_by_one,
    parse_date,
    required,
    save_rows,
)
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    Programme,
    RecruitmentSource,
)
from volunteers.pipeline.services import MOVABLE, stage_index

HEADERS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "date_of_birth",
    "district",
    "programme",
    "parish",
    "source",
    "applied_on",
    "stage",
    "stage_entered_on",
    "outcome",
    "outcome_reason",
    "closed_on",
]
REQUIRED = ["first_name", "last_name", "applied_on"]
EXPORT_HEADERS = ["id", *HEADERS, "volunteer_id"]


class ApplicationRows:
    """Checks and writes application rows."""

    def __init__(self, today: date, by: int | None):
        self.today, self.by = today, by
        self.districts = Lookup(db.session.execute(sa.select(District.id, District.name)).all(), "district")
        self.sources = Lookup(
            db.session.execute(sa.select(RecruitmentSource.id, RecruitmentSource.name)).all(), "source"
        )
        self.posts: dict[str, list[tuple[int, int]]] = {}
        for post_id, name, district_id, state in db.session.execute(
            sa.select(CscPost.id, Parish.name, Parish.district_id, CscPost.state)
            .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
            .join(Parish, Parish.id == CscAgreement.parish_id)
            .order_by(CscPost.post_number)
        ):
            if state != PostState.IN_POST:
                self.posts.setdefault(name.lower(), []).append((post_id, district_id))
        self.parish_names = {n.lower() for n in db.session.scalars(sa.select(Parish.name))}
        self.open_emails = {
            e.lower()
            for e in db.session.scalars(
                sa.select(Application.email).where(
                    Application.outcome == ApplicationOutcome.OPEN, Application.email.is_not(None)
                )
            )
        }

    def check(self, row: CsvRow) -> dict:
        """One row as Application values, or a Refusal naming the field."""
        first, last = required(row, "first_name", 80), required(row, "last_name", 80)
        applied = parse_date(row, "applied_on", need=True)
        if applied > self.today:
            raise Refusal("in the future", "applied_on")
        born = parse_date(row, "date_of_birth")
        if born:
            rules.require_adult(born, applied, role="A Special Constable applicant")
        programme_text = (cell(row, "programme", 30) or "special").lower()
        if programme_text not in ("special", "csc"):
            raise Refusal(f"'{programme_text}' is not special or csc", "programme")
        programme = Programme(programme_text)
        district_id = self.districts.get(row, "district", need=False)
        post_id = None
        parish = cell(row, "parish", 120)
        if programme == Programme.CSC:
            if not parish:
                raise Refusal("required for a CSC application", "parish")
            if parish.lower() not in self.parish_names:
                raise Refusal(f"unknown parish or town council '{parish}'", "parish")
            posts = [p for p, d in self.posts.get(parish.lower(), []) if district_id in (None, d)]
            if not posts:
                raise Refusal(f"'{parish}' has no unfilled CSC post", "parish")
            post_id = posts[0]
        stage_text = (cell(row, "stage", 40) or "applied").lower().replace(" ", "_")
        try:
            stage = ApplicationStage(stage_text)
        except ValueError as problem:
            raise Refusal(f"unknown stage '{stage_text}'", "stage") from problem
        if stage not in MOVABLE:
            raise Refusal("applicants are attested through the pipeline, not imported as attested", "stage")
        entered = parse_date(row, "stage_entered_on") or applied
        if entered < applied or entered > self.today:
            raise Refusal("must be between applied_on and today", "stage_entered_on")
        outcome_text = (cell(row, "outcome", 20) or "open").lower()
        if outcome_text not in ("open", "withdrawn", "rejected"):
            raise Refusal(f"'{outcome_text}' is not open, withdrawn or rejected", "outcome")
        outcome = ApplicationOutcome(outcome_text)
        reason, closed = cell(row, "outcome_reason", 200), parse_date(row, "closed_on")
        if outcome != ApplicationOutcome.OPEN:
            if not reason:
                raise Refusal("required when withdrawn or rejected", "outcome_reason")
            if not closed:
                raise Refusal("required when withdrawn or rejected", "closed_on")
            if closed < entered or closed > self.today:
                raise Refusal("must be between stage_entered_on and today", "closed_on")
        elif closed:
            raise Refusal("an open application has no closing date", "closed_on")
        email = email_cell(row)
        if email and outcome == ApplicationOutcome.OPEN:
            if email.lower() in self.open_emails:
                raise Refusal(f"there is already an open application from {email}", "email")
            self.open_emails.add(email.lower())
        return {
            "first_name": first,
            "last_name": last,
            "email": email,
            "phone": cell(row, "phone", 40, allow_plus=True),
            "date_of_birth": born,
            "district_id": district_id,
            "programme": programme,
            "csc_post_id": post_id,
            "source_id": self.sources.get(row, "source", need=False),
            "applied_on": applied,
            "stage": stage,
            "stage_entered_on": entered,
            "outcome": outcome,
            "outcome_reason": reason,
            "closed_on": closed,
        }

    def recheck(self, checked: list[tuple[int, dict]]) -> list[tuple[int, str]]:
        """Rows whose applicant now has another open application (read again inside the writing transaction)."""
        taken = {
            e.lower()
            for e in db.session.scalars(
                sa.select(Application.email).where(
                    Application.outcome == ApplicationOutcome.OPEN, Application.email.is_not(None)
                )
            )
        }
        return [
            (line, f"email: an open application from {values['email']} was recorded during the import")
            for line, values in checked
            if values["email"] and values["outcome"] == ApplicationOutcome.OPEN and values["email"].lower() in taken
        ]

    def write(self, values: dict) -> None:
        """Add the application and a stage change for 'applied' and for the stage it reached."""
        app = Application(**values)
        db.session.add(app)
        db.session.flush()
        db.session.add(
            ApplicationStageChange(
                application_id=app.id, stage=ApplicationStage.APPLIED, entered_on=app.applied_on, recorded_by_id=self.by
            )
        )
        if stage_index(app.stage) > 0:
            db.session.add(
                ApplicationStageChange(
                    application_id=app.id, stage=app.stage, entered_on=app.stage_entered_on, recorded_by_id=self.by
                )
            )
        if app.csc_post_id and app.outcome == ApplicationOutcome.OPEN:
            post = db.session.get(CscPost, app.csc_post_id)
            if post.state in (PostState.RECRUITING, PostState.VACANT_AFTER_LEAVER):
                post.state, post.state_since = PostState.APPLICANT_IN_PIPELINE, app.applied_on


def import_applications(
    data: bytes, dry_run: bool, today: date, by: int | None = None, progress: ProgressSink | None = None
) -> ImportReport:
    """Import applications from CSV bytes (dry run: check only): checked in a read-only transaction, then
    every row written (after re-checking open applications made meanwhile), or none."""
    progress = progress or NoProgress()
    with read_only_transactions():
        rows = ApplicationRows(today, by)
        report, checked = check_file(data, REQUIRED, rows.check, dry_run, progress)
        db.session.rollback()
    if report.fatal or report.errors or dry_run or not checked:
        return report
    return save_rows(report, checked, one_by_one(rows.write), "application", progress, recheck=rows.recheck)


def export_rows(user: User) -> Iterable[list]:
    """Every application the user may see, as CSV rows."""
    stmt = (
        scoped_select(Application, user)
        .options(
            joinedload(Application.district),
            joinedload(Application.source),
            joinedload(Application.csc_post).joinedload(CscPost.agreement).joinedload(CscAgreement.parish),
        )
        .order_by(Application.applied_on, Application.id)
    )
    for a in db.session.scalars(stmt).unique():
        yield [
            a.id,
            a.first_name,
            a.last_name,
            a.email,
            a.phone,
            a.date_of_birth,
            a.district.name if a.district else "",
            a.programme.value,
            a.csc_post.agreement.parish.name if a.csc_post else "",
            a.source.name if a.source else "",
            a.applied_on,
            a.stage.value,
            a.stage_entered_on,
            a.outcome.value,
            a.outcome_reason,
            a.closed_on,
            a.volunteer_id,
        ]
