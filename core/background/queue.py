"""The job queue on the application's own database: enqueue, claim exactly once, report progress, finish.

A queued row is claimed by one worker only: on PostgreSQL with ``SELECT ... FOR UPDATE SKIP LOCKED`` (two
workers never wait on each other), on SQLite by a conditional ``UPDATE ... WHERE state = 'queued'`` that
only one connection can win. Progress is written on a connection of its own in short transactions, so a
progress page sees it while the job's own transaction is still open (on SQLite, whose one writer is the
job itself while it saves, the saving step reports once it has committed).
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from core.background.models import BackgroundJob, JobState, WorkerHeartbeat
from core.db import read_only_transactions, utcnow
from core.extensions import db

JOBS = BackgroundJob.__table__
MAX_REFUSALS_KEPT = 5_000
DEFAULT_STALE_SECONDS = 300  # a running job whose progress has not moved for this long: its worker died
MAX_ATTEMPTS = 3


def worker_name() -> str:
    """This process as a worker: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def enqueue(
    kind: str,
    requested_by_id: int | None,
    *,
    dry_run: bool = False,
    upload: bytes | None = None,
    upload_name: str | None = None,
    params: dict | None = None,
    source_job_id: int | None = None,
) -> BackgroundJob:
    """Queue a job (committed at once, so the worker can see it); the caller shows its progress page."""
    job = BackgroundJob(
        kind=kind,
        dry_run=dry_run,
        state=JobState.QUEUED,
        requested_by_id=requested_by_id,
        upload=upload,
        upload_name=upload_name,
        params=params or {},
        source_job_id=source_job_id,
        phase="queued",
    )
    db.session.add(job)
    db.session.commit()
    return job


def claim_next(name: str | None = None) -> int | None:
    """Claim the oldest queued job for this worker; None when there is none (or others took them all)."""
    name = name or worker_name()
    db.session.rollback()
    is_postgres = db.engine.dialect.name == "postgresql"
    for _try in range(5):
        pick = sa.select(JOBS.c.id).where(JOBS.c.state == JobState.QUEUED.value).order_by(JOBS.c.id).limit(1)
        if is_postgres:
            pick = pick.with_for_update(skip_locked=True)
        job_id = db.session.execute(pick).scalar()
        if job_id is None:
            db.session.rollback()
            return None
        now = utcnow()
        won = db.session.execute(
            JOBS.update()
            .where(JOBS.c.id == job_id, JOBS.c.state == JobState.QUEUED.value)
            .values(
                state=JobState.RUNNING.value,
                worker=name,
                started_at=now,
                progress_at=now,
                attempts=JOBS.c.attempts + 1,
                phase="starting",
            )
        ).rowcount
        db.session.commit()
        if won == 1:
            return job_id
    return None


def requeue_stale(stale_seconds: int | None = None) -> int:
    """Put back jobs whose worker died mid-run (their transaction rolled back, so nothing was saved);
    after ``MAX_ATTEMPTS`` such tries the job fails instead of looping."""
    seconds = stale_seconds or current_app.config.get("JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS)
    cutoff = utcnow() - timedelta(seconds=seconds)
    stale = sa.and_(JOBS.c.state == JobState.RUNNING.value, JOBS.c.progress_at < cutoff)
    failed = db.session.execute(
        JOBS.update()
        .where(stale, JOBS.c.attempts >= MAX_ATTEMPTS)
        .values(
            state=JobState.FAILED.value,
            phase="failed",
            finished_at=utcnow(),
            message="The worker stopped during this job several times: nothing was saved",
        )
    ).rowcount
    requeued = db.session.execute(
        JOBS.update().where(stale).values(state=JobState.QUEUED.value, phase="queued", worker=None)
    ).rowcount
    db.session.commit()
    return int(requeued or 0) + int(failed or 0)


@dataclass
class Progress:
    """A running job's progress, written at most every ``interval`` seconds on its own connection."""

    job_id: int
    interval: float = 0.5
    checked: int = 0
    saved: int = 0
    total: int | None = None
    phase: str = "checking"
    refusals: list[list] = field(default_factory=list)
    refused: int = 0
    _last: float = 0.0

    def refuse(self, line: int, reason: str) -> None:
        """Record a refused row (the first ``MAX_REFUSALS_KEPT`` are kept with their line and reason)."""
        self.refused += 1
        if len(self.refusals) < MAX_REFUSALS_KEPT:
            self.refusals.append([line, reason])

    def update(self, *, checked: int | None = None, saved: int | None = None, phase: str | None = None) -> None:
        """Note progress; written to the job row when the interval has passed (or the phase changes)."""
        changed_phase = phase is not None and phase != self.phase
        if checked is not None:
            self.checked = checked
        if saved is not None:
            self.saved = saved
        if phase is not None:
            self.phase = phase
        now = time.monotonic()
        if changed_phase or now - self._last >= self.interval:
            self._last = now
            self.write(force=changed_phase)

    def write(self, force: bool = False) -> None:
        """Write the progress now; while saving only on PostgreSQL (on SQLite the job's own transaction
        holds the only write lock until it commits; the phase change itself is written before it begins)."""
        if self.phase == "saving" and not force and db.engine.dialect.name == "sqlite":
            return
        values = {
            "rows_checked": self.checked,
            "rows_saved": self.saved,
            "rows_total": self.total,
            "phase": self.phase,
            "progress_at": utcnow(),
            "refusals": self.refusals[:200],  # the page shows the first ones as they come; all at the end
        }
        with db.engine.begin() as conn:
            conn.execute(JOBS.update().where(JOBS.c.id == self.job_id).values(**values))


def finish(job_id: int, progress: Progress, state: JobState, **values) -> None:
    """Record how the job ended: state, final counts, every kept refusal, result or message."""
    db.session.rollback()
    db.session.execute(
        JOBS.update()
        .where(JOBS.c.id == job_id)
        .values(
            state=state.value,
            phase=state.value,
            rows_checked=progress.checked,
            rows_saved=progress.saved,
            rows_total=progress.total,
            refusals=progress.refusals,
            finished_at=utcnow(),
            progress_at=utcnow(),
            **values,
        )
    )
    db.session.commit()


def beat(name: str | None = None, started_at: datetime | None = None) -> None:
    """Write this worker's heartbeat (one row per worker, replaced each time)."""
    name = name or worker_name()
    now = utcnow()
    table = WorkerHeartbeat.__table__
    db.session.rollback()
    updated = db.session.execute(table.update().where(table.c.name == name).values(beat_at=now)).rowcount
    if not updated:
        db.session.execute(table.insert().values(name=name, started_at=started_at or now, beat_at=now))
    db.session.commit()


def last_beat() -> datetime | None:
    """The most recent heartbeat of any worker."""
    with read_only_transactions():
        return db.session.scalar(sa.select(sa.func.max(WorkerHeartbeat.beat_at)))


def purge_files_older_than(days: int, dry_run: bool = False) -> int:
    """Drop the uploaded file and the made file (an export) of jobs that ended over ``days`` ago, keeping the
    job's record (who asked, when, rows and refusals): retention of the personal data those files hold.
    Returns how many jobs had files to drop."""
    cutoff = utcnow() - timedelta(days=days)
    where = sa.and_(
        BackgroundJob.state.in_([JobState.DONE, JobState.FAILED]),
        BackgroundJob.finished_at < cutoff,
        sa.or_(BackgroundJob.upload.is_not(None), BackgroundJob.output.is_not(None)),
    )
    count = db.session.scalar(sa.select(sa.func.count()).select_from(BackgroundJob).where(where)) or 0
    if not dry_run and count:
        db.session.execute(sa.update(BackgroundJob).where(where).values(upload=None, output=None))
    return count
