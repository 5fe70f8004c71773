"""Demo rows for the scheduling screens: today's reminders, so the Jobs and Notifications pages have content."""

from __future__ import annotations

from datetime import date


def extend_demo(today: date) -> list[str]:
    """Run today's reminders job once (recorded on /scheduling/jobs) and report what it made."""
    from scheduling.jobs.definitions import run_scheduled

    run = run_scheduled("reminders", today)
    if run is None:
        return ["Scheduling: reminders for today had already run"]
    return [f"Scheduling: reminders job {run.status.value}: {run.message or ''}".strip()]
