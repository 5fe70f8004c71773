"""Erasure: anonymise a volunteer so the aggregate figures stay true and the person is gone.

Decisions (UK GDPR article 17 against the need for true totals and an intact audit trail):
- An erased person is no longer a volunteer: if they had not left, they leave on the day of erasure
  (volunteers.lifecycle.leave: memberships end, a CSC post falls vacant, dated history), so no list,
  welfare page, profile, export or count shows them as Active; past periods' figures are unchanged.
- Rows are kept and stripped, not deleted: every row reached from volunteers.id through foreign keys
  (privacy.graph) loses its free text, contact details and date of birth; names become
  "Erased volunteer #<id>". Duties, minutes, dates, statuses and memberships stay, so hours and
  headcounts over any past period are unchanged.
- The person's login accounts are disabled and renamed (erased-user-<id>@erased.invalid); their
  recovery codes, set-up/reset links and failed sign-in records are deleted.
- The audit trail is append-only (a database trigger): it keeps ids, actions and times. The one
  change the trigger allows is this redaction: actor becomes "erased-user-<id>", the address and any
  detail naming the person become NULL. Code that records audit events should keep personal data
  out of ``detail`` (ids only).
- Free text elsewhere (notes, descriptions) that names the person has the name replaced.
- Stored files (core.files, in the database, so every server's reports are covered): hooks registered with
  ``register_erasure_hook`` run first; then every stored file whose readable text (pypdf for PDFs) still
  names the person is made again from the anonymised records where its kind can be (reports: past figures
  are reproducible), else redacted (text files) or removed (PDFs and other binary files, which cannot be
  edited safely) (privacy.files).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from core.dates import today
from core.extensions import db
from core.models import AuditEvent, AuthToken, LoginAttempt, RecoveryCode, User
from equality.services import erase_answers
from privacy import files
from privacy.graph import collect_rows, person_links
from volunteers import lifecycle
from volunteers.leaving_reasons import LeavingReason
from volunteers.models import Application, Volunteer, VolunteerStatus, is_erased_name

ErasureHook = Callable[[int], object]
_HOOKS: list[ErasureHook] = []
# Columns of the person's rows kept as they are: categories and codes that aggregates need.
KEEP_TEXT = frozenset({"level", "course"})
# The audit trail is redacted on its own terms; stored files (and their text) by privacy.files.
NEVER_SWEPT = frozenset({"audit_events", "stored_files"})


def register_erasure_hook(fn: ErasureHook) -> ErasureHook:
    """Call ``fn(volunteer_id)`` during every erasure, after the database rows are anonymised
    (flushed, not yet committed): regenerate or redact your stored files there. Usable as a decorator."""
    if fn not in _HOOKS:
        _HOOKS.append(fn)
    return fn


def erased_label(volunteer_id: int) -> str:
    """What an erased person is called from now on."""
    return f"Erased volunteer #{volunteer_id}"


def is_erased(first_name: str | None, last_name: str | None) -> bool:
    """Whether a name is an erasure placeholder (the rule lives with the volunteer record)."""
    return is_erased_name(first_name, last_name)


ERASURE_LEAVE_REASON = "Record erased"


def _end_volunteering(volunteer_id: int) -> None:
    """An erased person leaves today if they had not left (or, joining in future, leaves on joining); either way
    their places on shifts not yet started go to the people waiting (volunteers.lifecycle)."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None:
        return
    if volunteer.status == VolunteerStatus.LEFT:
        lifecycle.give_up_shift_places(volunteer_id)  # someone who left before leavers gave up their places
        return
    day = today()
    starts = [volunteer.joined_on] + [m.started_on for m in volunteer.memberships if m.ended_on is None]
    on = max(day, *starts)
    lifecycle.leave(volunteer, on=on, reason=LeavingReason.OTHER, today=max(day, on), detail=ERASURE_LEAVE_REASON)


@dataclass
class ErasureReport:
    """What an erasure changed."""

    volunteer_id: int
    rows_by_table: dict[str, int] = field(default_factory=dict)
    audit_events_redacted: int = 0
    files_regenerated: list[str] = field(default_factory=list)
    files_redacted: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """A secret-free summary for the audit trail (ids and counts only)."""
        return {
            "tables": self.rows_by_table,
            "audit_events_redacted": self.audit_events_redacted,
            "files_regenerated": len(self.files_regenerated),
            "files_redacted": len(self.files_redacted),
            "files_removed": len(self.files_removed),
        }


class NotFound(LookupError):
    """No volunteer with that id."""


def _is_text(column: sa.Column) -> bool:
    return isinstance(column.type, sa.String | sa.Text) and not isinstance(column.type, sa.Enum)


def _identifiers(rows: dict[str, list[dict]]) -> list[str]:
    person = rows["volunteers"][0]
    found = {
        f"{person['first_name']} {person['last_name']}",
        f"{person['last_name']}, {person['first_name']}",
        person.get("email"),
        person.get("phone"),
        person.get("address"),
    }
    for cadet in rows.get("cadets", []):
        found.update({cadet.get("guardian_name"), cadet.get("guardian_email"), cadet.get("guardian_phone")})
    for application in rows.get("applications", []):
        found.update(
            {
                f"{application['first_name']} {application['last_name']}",
                application.get("email"),
                application.get("phone"),
            }
        )
    for user in rows.get("users", []):
        found.update({user.get("email"), user.get("display_name")})
    return sorted((i for i in found if i and len(i.strip()) >= 6), key=len, reverse=True)


def _scrub(value: str, identifiers: list[str], label: str) -> str:
    lowered = value
    for ident in identifiers:
        idx = lowered.lower().find(ident.lower())
        while idx >= 0:
            lowered = lowered[:idx] + label + lowered[idx + len(ident) :]
            idx = lowered.lower().find(ident.lower(), idx + len(label))
    return lowered


def _anonymised_values(table: sa.Table, row: dict, identifiers: list[str], label: str, vid: int) -> dict:
    values: dict[str, object] = {}
    fk_columns = {fk.parent.name for fk in table.foreign_keys}
    for column in table.columns:
        name = column.name
        if column.primary_key or name in fk_columns:
            continue
        if name == "date_of_birth":
            values[name] = None
        elif _is_text(column) and row.get(name) is not None and name not in KEEP_TEXT:
            if column.nullable:
                values[name] = None
            else:
                values[name] = _scrub(str(row[name]), identifiers, label)
        elif isinstance(column.type, sa.JSON) and column.nullable and row.get(name) is not None:
            values[name] = sa.null()
    if "first_name" in values and "last_name" in values:
        values["first_name"], values["last_name"] = (
            "Erased",
            (f"volunteer #{vid}" if table.name == "volunteers" else f"applicant #{row.get('id')}"),
        )
    if table.name == "cadets" and "guardian_name" in values:
        values["guardian_name"] = "Erased"
    return values


def _anonymise_users(user_rows: list[dict], label: str) -> None:
    for row in user_rows:
        db.session.execute(
            sa.update(User)
            .where(User.id == row["id"])
            .values(
                email=f"erased-user-{row['id']}@erased.invalid",
                display_name=label,
                active=False,
                password_hash="!erased-" + secrets.token_hex(8),
                session_token=secrets.token_hex(32),
                totp_secret=None,
                totp_last_step=None,
                password_reset_requested_at=None,
            )
            .execution_options(synchronize_session=False)
        )
    ids = [r["id"] for r in user_rows]
    if ids:
        db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id.in_(ids)))
        db.session.execute(sa.delete(AuthToken).where(AuthToken.user_id.in_(ids)))


def _redact_audit(volunteer_id: int, user_rows: list[dict], identifiers: list[str]) -> int:
    """The append-only trail keeps ids, actions and times; the person's email, address and any
    detail naming them go (the database trigger allows exactly this narrow redaction)."""
    ids = [r["id"] for r in user_rows]
    emails = [r["email"].lower() for r in user_rows if r.get("email")]
    count = 0
    for uid, email in zip(ids, emails, strict=False):
        result = db.session.execute(
            sa.update(AuditEvent)
            .where(sa.or_(AuditEvent.user_id == uid, sa.func.lower(AuditEvent.actor) == email))
            .values(actor=f"erased-user-{uid}", remote_addr=sa.null())
            .execution_options(synchronize_session=False)
        )
        count += result.rowcount
    related = sa.or_(
        AuditEvent.user_id.in_(ids or [-1]),
        sa.and_(AuditEvent.object_type == "volunteer", AuditEvent.object_id == volunteer_id),
        sa.and_(AuditEvent.object_type == "user", AuditEvent.object_id.in_(ids or [-1])),
    )
    lowered = [i.lower() for i in identifiers]
    for event_id, detail in db.session.execute(
        sa.select(AuditEvent.id, AuditEvent.detail).where(related, AuditEvent.detail.is_not(None))
    ):
        text = str(detail).lower()
        if any(i in text for i in lowered):
            db.session.execute(
                sa.update(AuditEvent)
                .where(AuditEvent.id == event_id)
                .values(detail=sa.null())
                .execution_options(synchronize_session=False)
            )
            count += 1
    return count


def _sweep_free_text(identifiers: list[str], label: str) -> int:
    """Free text anywhere else (notes, descriptions) that names the person: the name is replaced."""
    changed = 0
    for table in db.metadata.sorted_tables:
        if table.name in NEVER_SWEPT:
            continue
        for column in table.columns:
            # Other people's names and emails are never rewritten: only free text is.
            if not _is_text(column) or column.unique or "email" in column.name or "name" in column.name:
                continue
            if not isinstance(column.type, sa.Text) and (column.type.length or 0) < 120:
                continue
            expr = column
            for ident in identifiers:
                expr = sa.func.replace(expr, ident, label)
            where = sa.or_(*(column.contains(i, autoescape=True) for i in identifiers))
            changed += db.session.execute(sa.update(table).where(where).values({column.name: expr})).rowcount
    return changed


def _applications_of(volunteer_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Application.id).where(Application.volunteer_id == volunteer_id)))


def erase_volunteer(volunteer_id: int) -> ErasureReport:
    """Anonymise everything about the volunteer in the database and in stored reports, keeping the
    rows that aggregates count (duties, hours, memberships, dates, statuses). Does not commit."""
    if db.session.get(Volunteer, volunteer_id) is None:
        raise NotFound(volunteer_id)
    _end_volunteering(volunteer_id)
    # Special category data is deleted, not anonymised: nothing of it is needed for the figures' totals.
    equality_rows = erase_answers(volunteer_id=volunteer_id, application_ids=_applications_of(volunteer_id))
    rows = collect_rows(volunteer_id)
    label = erased_label(volunteer_id)
    identifiers = _identifiers(rows)
    report = ErasureReport(volunteer_id)
    tables = {"volunteers": db.metadata.tables["volunteers"]}
    tables.update({link.table.name: link.table for link in person_links()})
    for name, table_rows in rows.items():
        if name in ("users", "audit_events", "recovery_codes", "auth_tokens"):
            continue
        table = tables[name]
        pk = list(table.primary_key.columns)
        for row in table_rows:
            values = _anonymised_values(table, row, identifiers, label, volunteer_id)
            if values:
                where = sa.and_(*(c == row[c.name] for c in pk))
                db.session.execute(sa.update(table).where(where).values(values))
        report.rows_by_table[name] = len(table_rows)
    report.rows_by_table["equality_answers"] = equality_rows
    user_rows = rows.get("users", [])
    report.audit_events_redacted = _redact_audit(volunteer_id, user_rows, identifiers)
    _anonymise_users(user_rows, label)
    report.rows_by_table["users"] = len(user_rows)
    emails = [i.lower() for i in identifiers if "@" in i]
    if emails:
        db.session.execute(sa.delete(LoginAttempt).where(sa.func.lower(LoginAttempt.email).in_(emails)))
    report.rows_by_table["free_text_elsewhere"] = _sweep_free_text(identifiers, label)
    db.session.flush()
    db.session.expire_all()
    for hook in list(_HOOKS):
        hook(volunteer_id)
    swept = files.sweep(identifiers, label)
    report.files_regenerated, report.files_redacted, report.files_removed = (
        swept.regenerated,
        swept.redacted,
        swept.removed,
    )
    return report
