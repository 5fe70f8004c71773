"""Volunteers and what the CiP team records about them: programme memberships, Specials, cadets and
their leaders, role types, skills, vetting, training, status changes, and applications (recruitment)."""

from __future__ import annotations

from datetime import date

import factory

from core.extensions import db
from tests.factories.base import Base
from tests.factories.places import DistrictFactory
from tests.factories.scheme_records import CadetUnitFactory, SpeedGroupFactory
from volunteers.models import (
    Application,
    ApplicationStage,
    ApplicationStageChange,
    Cadet,
    CadetLeader,
    LearningStage,
    Programme,
    ProgrammeMembership,
    Rank,
    RecruitmentSource,
    Skill,
    SpecialConstable,
    SpeedWatchVolunteer,
    StatusChange,
    StatusEvent,
    TrainingRecord,
    Vetting,
    Volunteer,
    VolunteerRoleType,
)


class RankFactory(Base):
    class Meta:
        model = Rank

    name = factory.Sequence(lambda n: f"Rank {n}")
    seniority = factory.Sequence(lambda n: n + 100)


class VolunteerFactory(Base):
    class Meta:
        model = Volunteer

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    date_of_birth = date(1990, 5, 17)
    district = factory.SubFactory(DistrictFactory)
    joined_on = date(2022, 1, 10)


class MembershipFactory(Base):
    class Meta:
        model = ProgrammeMembership

    volunteer = factory.SubFactory(VolunteerFactory)
    programme = Programme.SPECIAL
    started_on = factory.LazyAttribute(lambda o: o.volunteer.joined_on)


class SpecialFactory(Base):
    """A Special Constable: the person, their detail and their programme membership."""

    class Meta:
        model = SpecialConstable

    volunteer = factory.SubFactory(VolunteerFactory)
    rank = factory.SubFactory(RankFactory)
    command = factory.LazyAttribute(lambda o: o.volunteer.district.command)
    stage = LearningStage.INDEPENDENT_PATROL
    initial_learning_on = factory.LazyAttribute(lambda o: o.volunteer.joined_on)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        """Every Special belongs to the Special Constabulary from the day they joined."""
        if create:
            MembershipFactory(volunteer=obj.volunteer, programme=Programme.SPECIAL)


class CadetFactory(Base):
    class Meta:
        model = Cadet

    volunteer = factory.SubFactory(VolunteerFactory, date_of_birth=date(2011, 3, 1))
    unit = factory.SubFactory(CadetUnitFactory)
    guardian_name = "Pat Guardian"
    guardian_consent_on = date(2024, 9, 1)


class CadetLeaderFactory(Base):
    """An adult who leads a cadet unit, a member of the cadet leaders' programme."""

    class Meta:
        model = CadetLeader

    volunteer = factory.SubFactory(VolunteerFactory)
    unit = factory.SubFactory(CadetUnitFactory)

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            MembershipFactory(volunteer=obj.volunteer, programme=Programme.CADET_LEADER)


class SpeedVolunteerFactory(Base):
    class Meta:
        model = SpeedWatchVolunteer

    volunteer = factory.SubFactory(VolunteerFactory)
    group = factory.SubFactory(SpeedGroupFactory)


class RoleTypeFactory(Base):
    """An Active Citizen role (Cyber volunteer, Horse Rider volunteer ...)."""

    class Meta:
        model = VolunteerRoleType

    name = factory.Sequence(lambda n: f"Role type {n}")


class SkillFactory(Base):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")


class SourceFactory(Base):
    """A recruitment campaign or source ("My Other Life")."""

    class Meta:
        model = RecruitmentSource

    name = factory.Sequence(lambda n: f"Campaign {n}")


def _new_volunteer_id() -> int:
    volunteer = VolunteerFactory()
    db.session.flush()
    return volunteer.id


class VettingFactory(Base):
    class Meta:
        model = Vetting
        exclude = ("volunteer",)

    volunteer = factory.SubFactory(VolunteerFactory)
    volunteer_id = factory.LazyAttribute(lambda o: o.volunteer.id)
    level = "RV"
    granted_on = date(2024, 1, 1)
    expires_on = date(2027, 1, 1)


class TrainingRecordFactory(Base):
    class Meta:
        model = TrainingRecord

    volunteer_id = factory.LazyFunction(_new_volunteer_id)
    course = "Personal safety training"
    completed_on = date(2025, 3, 1)


class StatusChangeFactory(Base):
    class Meta:
        model = StatusChange

    volunteer_id = factory.LazyFunction(_new_volunteer_id)
    event = StatusEvent.JOINED
    effective_on = date(2022, 1, 10)


class ApplicationFactory(Base):
    """An application with its stage history (APPLIED on the day applied, then its current stage)."""

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
            db.session.add(
                ApplicationStageChange(application=obj, stage=ApplicationStage.APPLIED, entered_on=obj.applied_on)
            )
            if obj.stage != ApplicationStage.APPLIED:
                db.session.add(
                    ApplicationStageChange(application=obj, stage=obj.stage, entered_on=obj.stage_entered_on)
                )
            db.session.flush()
