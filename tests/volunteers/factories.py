"""Factories for the volunteers area (tests/factories.py holds the shared ones)."""

from __future__ import annotations

from datetime import date

import factory

from tests.factories import Base, CadetUnitFactory, MembershipFactory, VolunteerFactory
from volunteers.models import (
    Application,
    ApplicationStage,
    ApplicationStageChange,
    CadetLeader,
    Programme,
    RecruitmentSource,
    Skill,
    Vetting,
    VolunteerRoleType,
)


class RoleTypeFactory(Base):
    class Meta:
        model = VolunteerRoleType

    name = factory.Sequence(lambda n: f"Role type {n}")


class SkillFactory(Base):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")


class SourceFactory(Base):
    class Meta:
        model = RecruitmentSource

    name = factory.Sequence(lambda n: f"Campaign {n}")


class CadetLeaderFactory(Base):
    class Meta:
        model = CadetLeader

    volunteer = factory.SubFactory(VolunteerFactory)
    unit = factory.SubFactory(CadetUnitFactory)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            MembershipFactory(volunteer=obj.volunteer, programme=Programme.CADET_LEADER)


class VettingFactory(Base):
    class Meta:
        model = Vetting
        exclude = ("volunteer",)

    volunteer = factory.SubFactory(VolunteerFactory)
    volunteer_id = factory.LazyAttribute(lambda o: o.volunteer.id)
    level = "RV"
    granted_on = date(2024, 1, 1)
    expires_on = date(2027, 1, 1)


class ApplicationFactory(Base):
    class Meta:
        model = Application

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    date_of_birth = date(1995, 3, 3)
    programme = Programme.SPECIAL
    applied_on = date(2026, 6, 1)
    stage = ApplicationStage.APPLIED
    stage_entered_on = factory.LazyAttribute(lambda o: o.applied_on)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            from core.extensions import db

            db.session.add(
                ApplicationStageChange(application=obj, stage=ApplicationStage.APPLIED, entered_on=obj.applied_on)
            )
            if obj.stage != ApplicationStage.APPLIED:
                db.session.add(
                    ApplicationStageChange(application=obj, stage=obj.stage, entered_on=obj.stage_entered_on)
                )
            db.session.flush()
