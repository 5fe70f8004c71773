"""The jobs: what each does, the period it covers, and where its output goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from core import files
from core.audit import record
from core.dates import add_months, month_start
from core.extensions import db
from scheduling.jobs.reminders import send_reminders
from scheduling.jobs.runner import JobOutcome, run_once
from scheduling.jobs.tomorrow import tell_tomorrows_shifts
from scheduling.models import JobRun, JobStatus
from scheduling.reports.pdfs import hours_pdf, pipeline_pdf
from scheduling.reports.pipeline import DEFAULT_TARGET, pipeline_figures


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date


def last_week(today: date) -> Period:
    """The previous Monday-to-Sunday week."""
    start = today - timedelta(days=today.weekday() + 7)
    iso = start.isocalendar()
    return Period(f"{iso.year}-W{iso.week:02d}", start, start + timedelta(days=6))


def last_month(today: date) -> Period:
    """The previous calendar month."""
    start = add_months(month_start(today), -1)
    return Period(f"{start:%Y-%m}", start, month_start(today) - timedelta(days=1))


def the_day(today: date) -> Period:
    """Today (for daily jobs)."""
    return Period(today.isoformat(), today, today)


# A run's PDF is a stored file (core.files) owned by the run, so any app server can serve it.
REPORT_KIND = "job_report"
RUN_OWNER = "job_run"


def _write(job_name: str, run: JobRun, data: bytes) -> str:
    name = f"{job_name}-{run.period_start}-{run.period_end}-run{run.id}-{run.attempts}.pdf"
    files.save_file(
        REPORT_KIND, name, data, files.PDF, owner_type=RUN_OWNER, owner_id=run.id, created_by_id=run.triggered_by_id
    )
    return name


def _pipeline_report(start: date, end: date):
    """The recruitment pipeline's figures for the period and their PDF."""
    figures = pipeline_figures(start, end, current_app.config.get("CIP_TARGET_SPECIALS", DEFAULT_TARGET))
    return figures, pipeline_pdf(figures, current_app.config["FORCE_NAME"])


def _pipeline(job_name: str) -> Callable[[JobRun], JobOutcome]:
    def work(run: JobRun) -> JobOutcome:
        figures, data = _pipeline_report(run.period_start, run.period_end)
        return JobOutcome(_write(job_name, run, data), f"{figures.received} applications, {figures.joined} joined")

    return work


def _hours_report(start: date, end: date) -> bytes:
    return hours_pdf(start, end, current_app.config["FORCE_NAME"])


def _hours(run: JobRun) -> JobOutcome:
    return JobOutcome(
        _write("hours_monthly", run, _hours_report(run.period_start, run.period_end)), "Hours report written"
    )


# Each report's PDF made from the records for a period: past periods come out the same, so a stored report can
# be made again (erasure regenerates a report that named the person).
REPORT_PDFS: dict[str, Callable[[date, date], bytes]] = {
    "pipeline_weekly": lambda start, end: _pipeline_report(start, end)[1],
    "pipeline_monthly": lambda start, end: _pipeline_report(start, end)[1],
    "hours_monthly": _hours_report,
}


def regenerate_report(stored: files.StoredFile) -> bytes | None:
    """A run's stored PDF made again from the records as they are now (None if its run or job is gone)."""
    run = db.session.get(JobRun, stored.owner_id) if stored.owner_type == RUN_OWNER else None
    make = REPORT_PDFS.get(run.job_name) if run is not None else None
    if make is None or run.period_start is None or run.period_end is None:
        return None
    return make(run.period_start, run.period_end)


def report_file(run: JobRun) -> files.StoredFile | None:
    """The PDF a run made, if any."""
    return files.file_of(RUN_OWNER, run.id, REPORT_KIND)


def runs_with_reports(limit: int = 200) -> list[JobRun]:
    """Succeeded runs that stored a PDF, newest first."""
    has_file = sa.exists().where(
        files.StoredFile.owner_type == RUN_OWNER,
        files.StoredFile.owner_id == JobRun.id,
        files.StoredFile.kind == REPORT_KIND,
    )
    query = sa.select(JobRun).where(has_file, JobRun.status == JobStatus.SUCCEEDED)
    return list(db.session.scalars(query.order_by(JobRun.started_at.desc()).limit(limit)))


def _reminders(run: JobRun) -> JobOutcome:
    counts = send_reminders(run.period_end)
    text = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items())) or "nothing due"
    return JobOutcome(None, f"Reminders: {text}")


def _tomorrow(run: JobRun) -> JobOutcome:
    told = tell_tomorrows_shifts(run.period_end)
    return JobOutcome(None, f"Told {told} {'person' if told == 1 else 'people'} of their shift tomorrow")


def _retention(run: JobRun) -> JobOutcome:
    from privacy.retention import apply_retention  # the privacy package owns the schedule; this only runs it

    report = apply_retention(dry_run=False, today=run.period_end)
    return JobOutcome(None, "; ".join(report.lines()))


@dataclass(frozen=True)
class Job:
    name: str
    title: str
    period: Callable[[date], Period]
    work: Callable[[JobRun], JobOutcome]
    is_report: bool = True


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("pipeline_weekly", "Recruitment pipeline (weekly)", last_week, _pipeline("pipeline_weekly")),
        Job("pipeline_monthly", "Recruitment pipeline (monthly)", last_month, _pipeline("pipeline_monthly")),
        Job("hours_monthly", "Hours (monthly)", last_month, _hours),
        Job("reminders", "Reminders", the_day, _reminders, is_report=False),
        Job("retention", "Retention schedule", the_day, _retention, is_report=False),
        Job("shift_tomorrow", "Tomorrow's shifts (told the evening before)", the_day, _tomorrow, is_report=False),
    )
}

DEFAULT_SCHEDULES = {
    "pipeline_weekly": {"day_of_week": "mon", "hour": 6, "minute": 0},
    "pipeline_monthly": {"day": 1, "hour": 6, "minute": 15},
    "hours_monthly": {"day": 2, "hour": 6, "minute": 30},
    "reminders": {"hour": 7, "minute": 0},
    "retention": {"hour": 3, "minute": 30},
    "shift_tomorrow": {"hour": 18, "minute": 0},  # Europe/London, the scheduler's time zone
}


def run_scheduled(name: str, today: date) -> JobRun | None:
    """Run a job for the period due on ``today``, exactly once across every process."""
    job = JOBS[name]
    period = job.period(today)
    return run_once(job.name, period.key, job.work, period.start, period.end)


def run_now(name: str, start: date, end: date, user_id: int | None, stamp: str) -> JobRun | None:
    """A coordinator's on-demand run for any date range (its own period key, so it never clashes)."""
    job = JOBS[name]
    run = run_once(job.name, f"manual:{start}:{end}:{stamp}", job.work, start, end, triggered_by_id=user_id)
    if run is not None:
        record("report_run", "job_run", run.id, detail={"job": name, "start": str(start), "end": str(end)}, commit=True)
    return run
