"""Exactly-once job runs: a UNIQUE (job_name, period_key) row is claimed by INSERT before running.

However many processes try, one INSERT wins; the others get IntegrityError and skip. A claim
left 'running' by a killed process becomes stale after ``CIP_JOB_STALE_MINUTES`` and can be
taken over by one conditional UPDATE, which again only one process can win.
"""

from __future__ import annotations

import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from core.dates import now_utc
from core.extensions import db
from scheduling.models import JobRun, JobStatus

DEFAULT_STALE_MINUTES = 60


@dataclass
class JobOutcome:
    output_path: str | None = None
    message: str | None = None


def _stale_cutoff(now: datetime) -> datetime:
    minutes = current_app.config.get("CIP_JOB_STALE_MINUTES", DEFAULT_STALE_MINUTES)
    return now - timedelta(minutes=minutes)


def is_stale(run: JobRun, now: datetime | None = None) -> bool:
    """A 'running' claim older than the stale limit: its process most likely died."""
    now = now or now_utc()
    return run.status == JobStatus.RUNNING and run.started_at < _stale_cutoff(now)


def claim(
    job_name: str,
    period_key: str,
    period_start: date | None = None,
    period_end: date | None = None,
    triggered_by_id: int | None = None,
    retry_failed: bool = False,
) -> JobRun | None:
    """Claim the (job, period); None when another process has it (or it already ran)."""
    db.session.rollback()
    now = now_utc()
    host = f"{socket.gethostname()}"[:120]
    run = JobRun(
        job_name=job_name,
        period_key=period_key,
        period_start=period_start,
        period_end=period_end,
        status=JobStatus.RUNNING,
        started_at=now,
        host=host,
        triggered_by_id=triggered_by_id,
    )
    db.session.add(run)
    try:
        db.session.commit()
        return run
    except IntegrityError:
        db.session.rollback()
    # Someone holds the claim: take it over only if it is stale (or failed, when asked).
    takeover = sa.and_(JobRun.status == JobStatus.RUNNING, JobRun.started_at < _stale_cutoff(now))
    if retry_failed:
        takeover = sa.or_(takeover, JobRun.status == JobStatus.FAILED)
    result = db.session.execute(
        sa.update(JobRun)
        .where(JobRun.job_name == job_name, JobRun.period_key == period_key, takeover)
        .values(
            status=JobStatus.RUNNING,
            started_at=now,
            finished_at=None,
            host=host,
            attempts=JobRun.attempts + 1,
            message=None,
            triggered_by_id=triggered_by_id,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    return db.session.scalars(
        sa.select(JobRun).where(JobRun.job_name == job_name, JobRun.period_key == period_key)
    ).one()


def finish(run_id: int, status: JobStatus, output_path: str | None = None, message: str | None = None) -> None:
    """Record how a run ended."""
    db.session.rollback()
    run = db.session.get(JobRun, run_id)
    run.status = status
    run.finished_at = now_utc()
    run.output_path = output_path
    run.message = (message or "")[:4000] or None
    db.session.commit()


def run_once(
    job_name: str,
    period_key: str,
    work: Callable[[JobRun], JobOutcome],
    period_start: date | None = None,
    period_end: date | None = None,
    triggered_by_id: int | None = None,
    retry_failed: bool = False,
) -> JobRun | None:
    """Claim, run and record the job for the period; None when it was not ours to run."""
    run = claim(job_name, period_key, period_start, period_end, triggered_by_id, retry_failed)
    if run is None:
        return None
    run_id = run.id
    try:
        outcome = work(run)
    except Exception as problem:  # a failed job is recorded, never lost
        db.session.rollback()
        current_app.logger.exception("Job %s %s failed", job_name, period_key)
        finish(
            run_id, JobStatus.FAILED, message=f"{type(problem).__name__}: {problem}\n{traceback.format_exc()[-1500:]}"
        )
    else:
        db.session.commit()
        finish(run_id, JobStatus.SUCCEEDED, outcome.output_path, outcome.message)
    return db.session.get(JobRun, run_id)
