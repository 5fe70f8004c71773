"""The worker: claims queued jobs one at a time and runs them as the user who asked.

``flask scheduler run`` runs this loop beside the scheduled jobs (one process does both); tests call
``run_due_jobs`` in-process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import Flask, current_app

from core.audit import acting_for, record
from core.background import queue
from core.background.models import BackgroundJob, JobState
from core.db import read_only_transactions
from core.extensions import db
from core.models import User
from notices.outbox.delivery import send_due
from worker.kinds import KINDS, Outcome

POLL_SECONDS = 1.0
BEAT_SECONDS = 10.0
STALE_CHECK_SECONDS = 60.0
OUTBOX_BATCH = 200


@dataclass(frozen=True)
class Ticket:
    """What a job needs from its row, read once (the row itself is only written through ``queue``)."""

    id: int
    kind: str
    dry_run: bool
    params: dict
    upload: bytes | None


def _read(job_id: int) -> tuple[Ticket | None, User | None]:
    """The job and the user who asked, read in a plain read (no SQLite write lock) and detached."""
    with read_only_transactions():
        row = db.session.get(BackgroundJob, job_id)
        job = row and Ticket(row.id, row.kind, row.dry_run, dict(row.params or {}), row.upload)
        user = db.session.get(User, row.requested_by_id) if row and row.requested_by_id else None
        if user is not None:
            db.session.expunge(user)  # its columns are loaded; detached, reading them starts no transaction
        db.session.rollback()
    return job, user


def run_job(job_id: int) -> JobState:
    """Run one claimed job to its end, recording the outcome (a crash is recorded as failed, never lost)."""
    job, user = _read(job_id)
    progress = queue.Progress(job_id)
    kind = KINDS.get(job.kind) if job else None
    if job is None or kind is None or user is None or not user.active:
        queue.finish(job_id, progress, JobState.FAILED, message="This job cannot be run (unknown kind or account)")
        return JobState.FAILED
    try:
        with acting_for(user.id, user.email):
            outcome: Outcome = kind.work(job, user, progress)
    except Exception:  # recorded on the job; the transaction rolled back, so nothing was saved
        db.session.rollback()
        current_app.logger.exception("Background job %s (%s) failed", job_id, kind.name)
        queue.finish(
            job_id,
            progress,
            JobState.FAILED,
            message=f"Something went wrong and nothing was saved (job {job_id}); the error is in the worker's log",
        )
        return JobState.FAILED
    state = JobState.FAILED if outcome.failed else JobState.DONE
    queue.finish(
        job_id,
        progress,
        state,
        message=outcome.failed,
        result=outcome.result,
        output=outcome.output,
        output_name=outcome.output_name,
        output_type=outcome.output_type,
    )
    if kind.is_import and job.dry_run:
        with acting_for(user.id, user.email):
            record(
                "import_checked",
                detail={
                    "title": kind.title,
                    "rows": progress.checked,
                    "errors": progress.refused,
                    "fatal": outcome.failed,
                },
                commit=True,
            )
    return state


def run_due_jobs(limit: int | None = None) -> list[int]:
    """Claim and run queued jobs until none is left (or ``limit`` have run); returns their ids."""
    done: list[int] = []
    while limit is None or len(done) < limit:
        job_id = queue.claim_next()
        if job_id is None:
            break
        run_job(job_id)
        done.append(job_id)
    return done


def send_messages(limit: int = OUTBOX_BATCH) -> bool:
    """Send up to ``limit`` due emails and texts (the outbox); whether any was tried."""
    try:
        return bool(sum(send_due(limit).counts.values()))
    except Exception:  # a broken database connection and the like: logged, the loop goes on
        db.session.rollback()
        current_app.logger.exception("The outbox could not be sent")
        return False


def work_forever(app: Flask, should_stop=lambda: False) -> None:
    """The worker loop: heartbeat, put back jobs of dead workers, run what is queued, send the outbox's due
    messages, then wait a moment."""
    name = queue.worker_name()
    last_beat = last_stale = 0.0
    while not should_stop():
        with app.app_context():
            now = time.monotonic()
            if now - last_beat >= BEAT_SECONDS:
                queue.beat(name)
                last_beat = now
            if now - last_stale >= STALE_CHECK_SECONDS:
                queue.requeue_stale()
                last_stale = now
            ran = run_due_jobs(limit=1)
            ran = send_messages() or ran
            if ran:
                queue.beat(name)
                last_beat = time.monotonic()
            db.session.remove()
        if not ran:
            time.sleep(POLL_SECONDS)
