"""The approval window a force sets (CIP_APPROVAL_WINDOW_DAYS): a duty logged later than that after the day it
was done is still saved, with a warning, and marked as late in the approvals queue."""

from __future__ import annotations

from datetime import date

from flask import current_app, flash

from core.dates import local_date, today
from scheduling.models import Duty, DutyStatus


def approval_window_days() -> int:
    """How many days after a duty it may be logged without a warning (the force's setting)."""
    return int(current_app.config["APPROVAL_WINDOW_DAYS"])


def past_window(duty_date: date, logged_on: date | None = None) -> bool:
    """Whether a duty done on ``duty_date`` and logged on ``logged_on`` (today) is outside the approval window."""
    return ((logged_on or today()) - duty_date).days > approval_window_days()


def late_warning(duty_date: date, logged_on: date | None = None) -> str | None:
    """The warning for a duty logged outside the approval window, or None when it is inside."""
    if not past_window(duty_date, logged_on):
        return None
    days = approval_window_days()
    return (
        f"This duty was on {duty_date:%-d %B %Y}, more than {days} days ago: it is late for approval. "
        "Your supervisor may ask you about it."
    )


def logged_late(duty: Duty) -> bool:
    """Whether a duty was logged outside the approval window (the queue marks it)."""
    return past_window(duty.duty_date, local_date(duty.created_at) if duty.created_at else None)


def flash_saved(duty: Duty) -> None:
    """Tell the person their duty is saved, with the warning when it is outside the approval window."""
    flash("Duty saved" + ("" if duty.status == DutyStatus.APPROVED else ": a supervisor will approve it"), "success")
    warning = late_warning(duty.duty_date)
    if warning:
        flash(warning, "warning")
