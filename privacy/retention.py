"""The retention schedule: how long each kind of record is kept, applied with a dry-run report."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app

from core.audit import record
from core.auth import throttle, tokens
from core.background import queue as background
from core.dates import today as local_today
from core.extensions import db
from privacy.erasure import erase_volunteer
from volunteers.models import Application, ApplicationOutcome, Cadet, Volunteer, VolunteerStatus

# Override any of these with PRIVACY_RETENTION = {...} in the configuration.
DEFAULT_RETENTION = {
    "applications_never_joined_months": 12,
    "cadets_after_leaving_months": 24,
    "volunteers_after_leaving_months": 72,
    "login_attempts_days": 30,
    "auth_tokens_days": 30,
    "job_files_days": 30,
}
LISTED_IDS = 50


@dataclass
class RuleResult:
    """One rule's outcome: how many records it covers (and the first ids)."""

    rule: str
    description: str
    count: int
    ids: list[int] = field(default_factory=list)


@dataclass
class RetentionReport:
    """What the schedule did, or would do on a dry run."""

    dry_run: bool
    today: date
    results: list[RuleResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.results)

    def lines(self) -> list[str]:
        """The report as text lines (CLI and logs)."""
        head = "Retention dry run: nothing changed" if self.dry_run else "Retention applied"
        out = [f"{head} ({self.today.isoformat()})"]
        out += [f"- {r.description}: {r.count}" for r in self.results]
        return out


def schedule() -> dict[str, int]:
    """The retention periods in force."""
    return {**DEFAULT_RETENTION, **(current_app.config.get("PRIVACY_RETENTION") or {})}


def _not_erased(model) -> sa.ColumnElement:
    return sa.not_(sa.and_(model.first_name == "Erased", model.last_name.like("%#%")))


def _stale_applications(today: date, months: int) -> list[int]:
    cutoff = today - relativedelta(months=months)
    closed = sa.and_(
        Application.outcome.in_([ApplicationOutcome.WITHDRAWN, ApplicationOutcome.REJECTED]),
        Application.closed_on < cutoff,
    )
    stalled = sa.and_(Application.outcome == ApplicationOutcome.OPEN, Application.stage_entered_on < cutoff)
    stmt = (
        sa.select(Application.id)
        .where(Application.volunteer_id.is_(None), sa.or_(closed, stalled), _not_erased(Application))
        .order_by(Application.id)
    )
    return list(db.session.scalars(stmt))


def _leavers(today: date, months: int, cadets: bool) -> list[int]:
    cutoff = today - relativedelta(months=months)
    is_cadet = sa.exists().where(Cadet.volunteer_id == Volunteer.id)
    stmt = (
        sa.select(Volunteer.id)
        .where(
            Volunteer.status == VolunteerStatus.LEFT,
            Volunteer.left_on < cutoff,
            is_cadet if cadets else sa.not_(is_cadet),
            _not_erased(Volunteer),
        )
        .order_by(Volunteer.id)
    )
    return list(db.session.scalars(stmt))


def _anonymise_applications(ids: list[int]) -> None:
    from apply.retention import forget_applicants

    forget_applicants(ids)  # a guardian's name and email, and any sign-in links, go with the applicant's
    for app_id in ids:
        db.session.execute(
            sa.update(Application)
            .where(Application.id == app_id)
            .values(
                first_name="Erased",
                last_name=f"applicant #{app_id}",
                email=None,
                phone=None,
                date_of_birth=None,
                outcome_reason=None,
            )
        )


def apply_retention(dry_run: bool, today: date | None = None) -> RetentionReport:
    """Apply (or, on a dry run, only count) every retention rule; commits unless dry_run."""
    today = today or local_today()
    periods = schedule()
    report = RetentionReport(dry_run, today)

    apps = _stale_applications(today, periods["applications_never_joined_months"])
    report.results.append(
        RuleResult(
            "applications",
            f"Applicants who never joined, closed or stalled over {periods['applications_never_joined_months']}"
            " months ago (anonymised)",
            len(apps),
            apps[:LISTED_IDS],
        )
    )
    cadets = _leavers(today, periods["cadets_after_leaving_months"], cadets=True)
    report.results.append(
        RuleResult(
            "cadets",
            f"Cadets who left over {periods['cadets_after_leaving_months']} months ago (erased)",
            len(cadets),
            cadets[:LISTED_IDS],
        )
    )
    adults = _leavers(today, periods["volunteers_after_leaving_months"], cadets=False)
    report.results.append(
        RuleResult(
            "volunteers",
            f"Other volunteers who left over {periods['volunteers_after_leaving_months']} months ago (erased)",
            len(adults),
            adults[:LISTED_IDS],
        )
    )
    attempts = throttle.purge_older_than(periods["login_attempts_days"], dry_run=True)
    report.results.append(
        RuleResult("login_attempts", f"Failed sign-ins over {periods['login_attempts_days']} days old", attempts)
    )
    spent = tokens.purge_spent(periods["auth_tokens_days"], dry_run=True)
    report.results.append(
        RuleResult("auth_tokens", f"Used or expired links over {periods['auth_tokens_days']} days old", spent)
    )
    job_files = background.purge_files_older_than(periods["job_files_days"], dry_run=True)
    report.results.append(
        RuleResult(
            "job_files",
            f"Imported and exported files of background jobs that ended over {periods['job_files_days']} days ago"
            " (the job's record is kept)",
            job_files,
        )
    )
    if dry_run:
        db.session.rollback()
        return report
    _anonymise_applications(apps)
    for volunteer_id in cadets + adults:
        report_one = erase_volunteer(volunteer_id)
        record("erasure", "volunteer", volunteer_id, detail={"reason": "retention", **report_one.summary()})
    throttle.purge_older_than(periods["login_attempts_days"])
    tokens.purge_spent(periods["auth_tokens_days"])
    background.purge_files_older_than(periods["job_files_days"])
    record("retention_applied", detail={r.rule: r.count for r in report.results})
    db.session.commit()
    return report
