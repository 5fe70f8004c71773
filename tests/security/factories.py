"""Factories for the security and privacy tests (the shared tests/factories.py is not edited)."""

from __future__ import annotations

from datetime import date

import factory

from tests.factories import Base, VolunteerFactory
from volunteers.models import (
    Application,
    ApplicationOutcome,
    ApplicationStage,
    StatusChange,
    StatusEvent,
    TrainingRecord,
)


def _new_volunteer_id() -> int:
    volunteer = VolunteerFactory()
    Base._meta.sqlalchemy_session.flush()
    return volunteer.id


class TrainingRecordFactory(Base):
    class Meta:
        model = TrainingRecord

    volunteer_id = factory.LazyFunction(lambda: _new_volunteer_id())
    course = "Personal safety training"
    completed_on = date(2025, 3, 1)


class StatusChangeFactory(Base):
    class Meta:
        model = StatusChange

    volunteer_id = factory.LazyFunction(lambda: _new_volunteer_id())
    event = StatusEvent.JOINED
    effective_on = date(2022, 1, 10)


class ApplicationFactory(Base):
    class Meta:
        model = Application

    first_name = "Alex"
    last_name = "Applicant"
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    applied_on = date(2024, 1, 5)
    stage = ApplicationStage.SIFT
    stage_entered_on = date(2024, 1, 20)
    outcome = ApplicationOutcome.OPEN
