"""`flask scheduler run` (scheduled jobs and the background worker, one process) and `flask cip import`."""

from __future__ import annotations

import signal
import threading
from datetime import datetime, timedelta

import click
import sqlalchemy as sa
from flask import Flask, current_app

from core.audit import acting_for
from core.csvio import decode_upload, read_rows
from core.extensions import db
from core.models import User
from core.permissions import STAFF
from core.refusals import Refusal
from worker.kinds import IMPORT_KINDS, KINDS
from worker.runner import Ticket


class BarProgress:
    """Progress drawn as bars on the terminal: one while checking, one while saving."""

    def __init__(self, total: int):
        self.total, self.checked, self.saved = total, 0, 0
        self.refused: list[tuple[int, str]] = []
        self.bar = click.progressbar(length=total, label="Checking", show_pos=True)
        self.bar.__enter__()
        self.saving = None

    def update(self, *, checked: int | None = None, saved: int | None = None, phase: str | None = None) -> None:
        """Move the bars."""
        if checked is not None and checked > self.checked:
            self.bar.update(checked - self.checked)
            self.checked = checked
        if phase == "saving" and self.saving is None:
            self.bar.__exit__(None, None, None)
            self.saving = click.progressbar(length=self.checked - len(self.refused), label="Saving", show_pos=True)
            self.saving.__enter__()
        if saved is not None and self.saving is not None and saved > self.saved:
            self.saving.update(saved - self.saved)
            self.saved = saved

    def refuse(self, line: int, reason: str) -> None:
        """Keep a refusal to print at the end."""
        self.refused.append((line, reason))

    def close(self) -> None:
        """Finish whichever bar is open."""
        (self.saving or self.bar).__exit__(None, None, None)


def _rows_in(data: bytes) -> int:
    try:
        return sum(1 for _row in read_rows(decode_upload(data), []))
    except (Refusal, UnicodeError):
        return 0


@click.command("import")
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Check every row and save nothing.")
@click.option("--user", "email", required=True, help="The staff account the import is recorded for.")
def import_command(kind: str, file, dry_run: bool, email: str) -> None:
    """Import volunteers, applications or duties from a CSV FILE: every row or none, with a progress bar."""
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))
    if user is None or not user.active or user.role not in STAFF:
        raise click.ClickException(f"{email} is not an active administrator or coordinator account")
    db.session.expunge(user)
    db.session.rollback()
    data = file.read()
    progress = BarProgress(_rows_in(data))
    with acting_for(user.id, user.email):
        outcome = KINDS[kind].work(Ticket(0, kind, dry_run, {}, data), user, progress)
    progress.close()
    for line, reason in progress.refused:
        click.echo(f"Line {line}: {reason}")
    if outcome.failed:
        raise click.ClickException(outcome.failed)
    result = outcome.result
    if progress.refused:
        raise click.ClickException(f"{len(progress.refused)} of {result['rows']} rows refused: nothing saved")
    if dry_run:
        click.echo(f"All {result['valid']} rows are valid (dry run: nothing saved)")
    else:
        click.echo(f"{result['written']} rows imported")


def _missed_runs(now: datetime, schedules: dict[str, dict]) -> list[tuple[str, datetime]]:
    """For each scheduled job, its latest firing due before now (the one a stopped scheduler may have missed)."""
    from apscheduler.triggers.cron import CronTrigger

    missed = []
    for name, cron in schedules.items():
        trigger = CronTrigger(timezone="Europe/London", **cron)
        latest, moment = None, now - timedelta(days=400)
        while (moment := trigger.get_next_fire_time(latest, moment)) is not None and moment <= now:
            latest, moment = moment, moment + timedelta(seconds=1)
        if latest is not None:
            missed.append((name, latest))
    return missed


def catch_up(app: Flask, now: datetime | None = None) -> list[str]:
    """Run each job's latest due period if no process ran it (one catch-up per job, not one per period
    missed); the claims make a run another process already did, or is doing, a no-op."""
    from core.dates import local_date, now_utc
    from scheduling.cli import schedules
    from scheduling.jobs.definitions import JOBS, run_scheduled
    from scheduling.models import JobRun

    ran = []
    with app.app_context():
        now = now or now_utc()
        for name, fired_at in _missed_runs(now, schedules()):
            day = local_date(fired_at)
            key = JOBS[name].period(day).key
            done = db.session.scalar(sa.select(JobRun.id).where(JobRun.job_name == name, JobRun.period_key == key))
            db.session.rollback()
            if done is None and run_scheduled(name, day) is not None:
                ran.append(f"{name} {key}")
    return ran


@click.command("run")
def run_scheduler() -> None:
    """Run the scheduled jobs (each period claimed, so it runs exactly once) and the background worker."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.triggers.cron import CronTrigger

    from core.dates import local_date, now_utc
    from scheduling.cli import schedules
    from scheduling.jobs.definitions import run_scheduled
    from worker.runner import work_forever

    app = current_app._get_current_object()
    scheduler = BackgroundScheduler(timezone="Europe/London")

    def catch_up_now() -> None:
        for line in catch_up(app):
            app.logger.info("Caught up: %s", line)

    def fire(name: str) -> None:
        with app.app_context():
            run = run_scheduled(name, local_date(now_utc()))
            app.logger.info("Job %s: %s", name, run.status.value if run else "already claimed elsewhere")

    for name, cron in schedules().items():
        scheduler.add_job(
            fire,
            CronTrigger(timezone="Europe/London", **cron),
            args=[name],
            id=name,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
        )
        click.echo(f"Scheduled {name}: {cron}")
    scheduler.add_job(catch_up_now, id="catch_up")  # at once, in the scheduler's thread: the worker starts now
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stop.set())
    scheduler.start()
    click.echo("Worker running")
    try:
        work_forever(app, stop.is_set)
    finally:
        scheduler.shutdown(wait=True)


def register_worker_commands(app: Flask) -> None:
    """`flask cip import` and `flask scheduler run` (the scheduler process is also the worker)."""
    from scheduling.cli import scheduler_group

    app.cli.commands["cip"].add_command(import_command)
    scheduler_group.add_command(run_scheduler)
