"""Demo availability: plausible weekly patterns for most active volunteers, notice periods, and a few absences."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from core.models import User
from scheduling.availability.models import Absence, AbsenceKind, AvailabilityDate, AvailabilityNotice, WeeklySlot
from volunteers.models import Volunteer, VolunteerStatus

M, A, E, N = "morning", "afternoon", "evening", "night"
# (weekday, part) patterns people really give: evenings after work, weekends, shift workers' days.
PATTERNS = (
    [(1, E), (3, E)],  # Tuesday and Thursday evenings
    [(5, M), (5, A), (6, M), (6, A)],  # weekends, daytime
    [(d, E) for d in range(5)],  # weekday evenings
    [(4, E), (4, N), (5, E), (5, N)],  # Friday and Saturday nights (the night-time economy)
    [(0, M), (0, A), (2, M), (2, A)],  # Monday and Wednesday daytime
    [(d, p) for d in range(7) for p in (M, A, E)],  # most of the time (retired)
    [(5, A), (5, E), (6, A)],  # weekend afternoons and Saturday evening
)
NOTICE = (0, 60, 120, 120, 240, 720, 1440)


def extend_demo(today: date) -> list[str]:
    """About two in three active volunteers give a pattern; the demo Special gives weekends and Tuesday evenings."""
    rng = random.Random(16)
    ids = list(
        db.session.scalars(
            sa.select(Volunteer.id).where(Volunteer.status == VolunteerStatus.ACTIVE).order_by(Volunteer.id)
        )
    )
    demo_special = db.session.scalar(sa.select(User.volunteer_id).where(User.email == "special@example.org"))
    chosen = [vid for vid in ids if vid == demo_special or rng.random() < 0.65]
    slots, notices = [], []
    for vid in chosen:
        pattern = [(1, E), (5, M), (5, A), (6, M), (6, A)] if vid == demo_special else rng.choice(PATTERNS)
        slots += [{"volunteer_id": vid, "weekday": d, "part": p} for d, p in pattern]
        notices.append({"volunteer_id": vid, "minutes": 120 if vid == demo_special else rng.choice(NOTICE)})
    if slots:
        db.session.execute(sa.insert(WeeklySlot), slots)
        db.session.execute(sa.insert(AvailabilityNotice), notices)
    others = [vid for vid in chosen if vid != demo_special]
    absences = []
    if len(others) >= 3:
        on_leave, off_sick, away = rng.sample(others, 3)
        absences = [
            (on_leave, AbsenceKind.LEAVE, today + timedelta(days=5), today + timedelta(days=16), "Family holiday"),
            (off_sick, AbsenceKind.SICKNESS, today - timedelta(days=2), today + timedelta(days=9), "Back injury"),
            (away, AbsenceKind.OTHER, today + timedelta(days=20), today + timedelta(days=22), "Exams"),
        ]
        db.session.add_all(
            Absence(volunteer_id=vid, kind=kind, starts_on=first, ends_on=last, reason=reason)
            for vid, kind, first, last, reason in absences
        )
        db.session.add(AvailabilityDate(volunteer_id=others[0], day=today + timedelta(days=3), available=True))
    db.session.commit()  # before the reminders job, which runs in transactions of its own
    return [f"Availability: {len(chosen)} weekly patterns, {len(absences)} absences"]
