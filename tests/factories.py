"""factory_boy factories for the domain model (they add to the app's db.session)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from core.auth.passwords import hash_password
from core.extensions import db
from core.models import Command, District, Parish, Role, User
from scheduling.models import Duty, DutyStatus, DutyType, Shift
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspStatus,
    PostState,
)
from volunteers.models import (
    Cadet,
    LearningStage,
    Programme,
    ProgrammeMembership,
    Rank,
    SpecialConstable,
    Volunteer,
)

PASSWORD = "correct horse battery"
_PASSWORD_HASH = hash_password(PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


class CommandFactory(Base):
    class Meta:
        model = Command

    name = factory.Sequence(lambda n: f"Area {n} LPA")
    is_lpa = True


class DistrictFactory(Base):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    command = factory.SubFactory(CommandFactory)


class ParishFactory(Base):
    class Meta:
        model = Parish

    name = factory.Sequence(lambda n: f"Parish {n}")
    district = factory.SubFactory(DistrictFactory)


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


class CadetUnitFactory(Base):
    class Meta:
        model = CadetUnit

    name = factory.Sequence(lambda n: f"Unit {n} VPC")
    place = "Colchester"
    district = factory.SubFactory(DistrictFactory)


class CadetFactory(Base):
    class Meta:
        model = Cadet

    volunteer = factory.SubFactory(VolunteerFactory, date_of_birth=date(2011, 3, 1))
    unit = factory.SubFactory(CadetUnitFactory)
    guardian_name = "Pat Guardian"
    guardian_consent_on = date(2024, 9, 1)


class EspBusinessFactory(Base):
    class Meta:
        model = EspBusiness

    name = factory.Sequence(lambda n: f"Business {n} Ltd")
    status = EspStatus.REGISTERED
    release_minutes_per_month = 480


class CscAgreementFactory(Base):
    class Meta:
        model = CscAgreement

    parish = factory.SubFactory(ParishFactory)
    signed_on = date(2021, 4, 1)
    posts_funded = 1
    status = AgreementStatus.ACTIVE


class CscPostFactory(Base):
    class Meta:
        model = CscPost

    agreement = factory.SubFactory(CscAgreementFactory)
    post_number = 1
    state = PostState.IN_POST
    state_since = date(2022, 1, 1)


class ShiftFactory(Base):
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


class UserFactory(Base):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password_hash = _PASSWORD_HASH
    role = Role.COORDINATOR
