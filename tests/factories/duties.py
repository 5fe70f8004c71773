"""Scheduling: shifts to sign up for and duties done."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory

from scheduling.models import Duty, DutyStatus, DutyType, Shift
from tests.factories.base import Base
from tests.factories.people import VolunteerFactory


class ShiftFactory(Base):
    """A shift three days from now (computed when the shift is made, not at import)."""

    class Meta:
        model = Shift

    title = "Town centre patrol"
    shift_type = DutyType.PATROL
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC).replace(microsecond=0) + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    places = 2


class DutyFactory(Base):
    class Meta:
        model = Duty

    volunteer = factory.SubFactory(VolunteerFactory)
    duty_date = date(2026, 7, 4)
    starts_at = factory.LazyAttribute(
        lambda o: datetime(o.duty_date.year, o.duty_date.month, o.duty_date.day, 9, tzinfo=UTC)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=o.minutes))
    minutes = 240
    duty_type = DutyType.PATROL
    status = DutyStatus.APPROVED
