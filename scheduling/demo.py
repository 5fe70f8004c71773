"""Demo rows for the scheduling screens: availability and absences, and today's reminders (Jobs, Notifications)."""

from __future__ import annotations

from datetime import date


def extend_demo(today: date) -> list[str]:
    """Availability patterns and absences; then run today's reminders job once (recorded on /scheduling/jobs)."""
    from scheduling.availability.demo import extend_demo as availability_demo
    from scheduling.jobs.definitions import run_scheduled

    lines = availability_demo(today)

    run = run_scheduled("reminders", today)
    if run is None:
        return [*lines, "Scheduling: reminders for today had already run"]
    return [*lines, f"Scheduling: reminders job {run.status.value}: {run.message or ''}".strip()]
