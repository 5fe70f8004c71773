"""An erased volunteer's availability goes with them: their weekly pattern, particular days, notice and
absences (whose reasons may be about their health) are deleted inside the erasure's transaction."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from privacy.erasure import register_erasure_hook
from scheduling.availability.models import Absence, AvailabilityDate, AvailabilityNotice, WeeklySlot


@register_erasure_hook
def forget_availability(volunteer_id: int) -> None:
    """Delete what the volunteer said about when they can come, and their absences."""
    for model in (WeeklySlot, AvailabilityDate, AvailabilityNotice, Absence):
        db.session.execute(sa.delete(model).where(model.volunteer_id == volunteer_id))
