"""The demo inboxes: the reminders job and tomorrow's-shift job run once, and the demo Special's latest duty approved.

Made by the real senders (notices.send through the scheduling jobs), so the demo shows what people are told.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.extensions import db
from sampledata.demo.base import Seeder
from scheduling.duties.told import tell_approved
from scheduling.jobs.reminders import send_reminders
from scheduling.jobs.tomorrow import tell_tomorrows_shifts
from scheduling.models import Duty, DutyStatus


def seed_notices(s: Seeder, demo_vid: int) -> int:
    """Fill the demo inboxes; returns how many notices were written."""
    send_reminders(s.today)
    told = tell_tomorrows_shifts(s.today)
    latest = db.session.scalars(
        sa.select(Duty)
        .where(
            Duty.volunteer_id == demo_vid,
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date >= s.today - timedelta(days=60),
        )
        .order_by(Duty.duty_date.desc(), Duty.id.desc())
        .limit(1)
    ).all()
    told += tell_approved(latest)
    return told
