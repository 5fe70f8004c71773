"""`flask scheduler ...`: the single scheduler process and one-off runs."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from core.dates import local_date, now_utc

scheduler_group = AppGroup(
    "scheduler", help="Scheduled jobs (reports, reminders, retention) and the background worker (`run`)."
)


def schedules() -> dict[str, dict]:
    """The job schedules from configuration (CIP_SCHEDULES), else the defaults."""
    from scheduling.jobs.definitions import DEFAULT_SCHEDULES, JOBS

    configured = current_app.config.get("CIP_SCHEDULES") or DEFAULT_SCHEDULES
    unknown = set(configured) - set(JOBS)
    if unknown:
        raise click.ClickException(f"Unknown jobs in CIP_SCHEDULES: {', '.join(sorted(unknown))}")
    return configured


@scheduler_group.command("run-job")
@click.argument("name")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
def run_job(name: str, today) -> None:
    """Run one job for the period due today (skipped if that period already ran)."""
    from scheduling.jobs.definitions import JOBS, run_scheduled

    if name not in JOBS:
        raise click.ClickException(f"No job called {name}: {', '.join(JOBS)}")
    day: date = today.date() if today else local_date(now_utc())
    run = run_scheduled(name, day)
    if run is None:
        click.echo(f"{name}: skipped, already claimed")
    else:
        click.echo(f"{name} {run.period_key}: {run.status.value} {run.output_path or ''} {run.message or ''}".strip())


@scheduler_group.command("list")
def list_jobs() -> None:
    """List the jobs and their schedules."""
    from scheduling.jobs.definitions import JOBS

    configured = schedules()
    for name, job in JOBS.items():
        click.echo(f"{name}: {job.title}; {configured.get(name, 'not scheduled')}")
