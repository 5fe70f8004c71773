"""The volunteer (one person, whatever they do) and per-programme detail, records and recruitment."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import Command, District, LabelledEnum, enum_type, special_labels
from volunteers.leaving_reasons import LeavingReason

if TYPE_CHECKING:
    from schemes.models import CadetUnit, CscPost, EspBusiness, SpeedWatchGroup


class Programme(LabelledEnum):
    """The Citizens in Policing programmes a person can belong to."""

    SPECIAL = "special"
    CSC = "csc"
    CADET = "cadet"
    JUNIOR_CADET = "junior_cadet"
    CADET_LEADER = "cadet_leader"
    ACTIVE_CITIZEN = "active_citizen"
    SPEED_WATCH = "speed_watch"

    @property
    def label(self) -> str:
        return PROGRAMME_LABELS[self]


PROGRAMME_LABELS = {
    Programme.SPECIAL: "Special Constable",
    Programme.CSC: "Community Special Constable",
    Programme.CADET: "Volunteer Police Cadet",
    Programme.JUNIOR_CADET: "Junior cadet",
    Programme.CADET_LEADER: "Cadet leader",
    Programme.ACTIVE_CITIZEN: "Active Citizen / Police Support Volunteer",
    Programme.SPEED_WATCH: "Community Speed Watch volunteer",
}


class VolunteerStatus(LabelledEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"


def is_erased_name(first_name: str | None, last_name: str | None) -> bool:
    """Whether a name is the placeholder erasure left ("Erased volunteer #12")."""
    return first_name == "Erased" and (last_name or "").startswith("volunteer #")


class Volunteer(db.Model):
    """A person who volunteers: the shared facts, whatever programmes they belong to."""

    __tablename__ = "volunteers"
    __table_args__ = (
        sa.CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
        sa.Index("ix_volunteers_name", "last_name", "first_name"),
        sa.Index("ix_volunteers_status_id", "status", "id"),  # national scale: 0008_national_indexes
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    date_of_birth: Mapped[date | None] = mapped_column()
    address: Mapped[str | None] = mapped_column(sa.String(300))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    status: Mapped[VolunteerStatus] = mapped_column(
        enum_type(VolunteerStatus), default=VolunteerStatus.ACTIVE, index=True
    )
    joined_on: Mapped[date] = mapped_column()
    left_on: Mapped[date | None] = mapped_column()
    leave_reason: Mapped[str | None] = mapped_column(sa.String(200))  # the detail, in words
    left_because: Mapped[LeavingReason | None] = mapped_column(enum_type(LeavingReason))  # 0027_leaving_reasons
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    district: Mapped[District | None] = relationship()
    memberships: Mapped[list[ProgrammeMembership]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="ProgrammeMembership.started_on"
    )
    special: Mapped[SpecialConstable | None] = relationship(back_populates="volunteer", cascade="all, delete-orphan")
    cadet: Mapped[Cadet | None] = relationship(back_populates="volunteer", cascade="all, delete-orphan")
    cadet_leader: Mapped[CadetLeader | None] = relationship(back_populates="volunteer", cascade="all, delete-orphan")
    active_citizen: Mapped[ActiveCitizen | None] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )
    speed_watch: Mapped[SpeedWatchVolunteer | None] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_erased(self) -> bool:
        """Whether this record was erased (its person is gone; it only keeps the figures true)."""
        return is_erased_name(self.first_name, self.last_name)

    def __str__(self) -> str:
        return self.full_name


class ProgrammeMembership(db.Model):
    """A dated spell in one programme: headcount at any date is counted from these."""

    __tablename__ = "programme_memberships"
    __table_args__ = (
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ended_after_started"),
        sa.Index("ix_programme_memberships_programme_dates", "programme", "started_on", "ended_on"),
        sa.Index("ix_programme_memberships_programme_volunteer", "programme", "volunteer_id"),  # 0008
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    programme: Mapped[Programme] = mapped_column(enum_type(Programme))
    started_on: Mapped[date] = mapped_column()
    ended_on: Mapped[date | None] = mapped_column()
    end_reason: Mapped[str | None] = mapped_column(sa.String(200))  # the detail, in words
    left_because: Mapped[LeavingReason | None] = mapped_column(enum_type(LeavingReason))  # when the person left

    volunteer: Mapped[Volunteer] = relationship(back_populates="memberships")


class ProgrammeSetting(db.Model):
    """Per-programme settings, such as the usual monthly commitment (16 hours for Specials)."""

    __tablename__ = "programme_settings"
    programme: Mapped[Programme] = mapped_column(enum_type(Programme), primary_key=True)
    monthly_commitment_minutes: Mapped[int] = mapped_column(default=16 * 60)


class Rank(db.Model):
    """A Special Constabulary rank; forces add their own (Special Superintendent ...) as data."""

    __tablename__ = "ranks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    seniority: Mapped[int] = mapped_column(unique=True)

    def __str__(self) -> str:
        return self.name


class LearningStage(LabelledEnum):
    """The Special Constable Learning Programme."""

    INITIAL_LEARNING = "initial_learning"
    ACCOMPANIED_PATROL = "accompanied_patrol"
    INDEPENDENT_PATROL = "independent_patrol"
    QUALIFIED = "qualified"

    @property
    def label(self) -> str:
        return {
            "initial_learning": "Initial learning (foundation training)",
            "accompanied_patrol": "Accompanied patrol (post-foundation training)",
            "independent_patrol": "Independent patrol",
            "qualified": "Qualified Special Constable",
        }[self.value]


class Skill(db.Model):
    """A Special's skill or accreditation, e.g. driver trained, Special Investigator, Rural Special."""

    __tablename__ = "skills"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)

    def __str__(self) -> str:
        return self.name


special_skills = sa.Table(
    "special_skills",
    db.Model.metadata,
    sa.Column("volunteer_id", sa.ForeignKey("special_constables.volunteer_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id"), primary_key=True),
)


class SpecialConstable(db.Model):
    """A Special Constable's detail; with a CSC post set, a Community Special Constable."""

    __tablename__ = "special_constables"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    warrant_number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    rank_id: Mapped[int] = mapped_column(sa.ForeignKey("ranks.id"), index=True)
    command_id: Mapped[int] = mapped_column(sa.ForeignKey("commands.id"), index=True)
    stage: Mapped[LearningStage] = mapped_column(enum_type(LearningStage), index=True)
    initial_learning_on: Mapped[date | None] = mapped_column()
    accompanied_patrol_on: Mapped[date | None] = mapped_column()
    independent_patrol_on: Mapped[date | None] = mapped_column()
    qualified_on: Mapped[date | None] = mapped_column()
    # Overrides the programme's usual monthly commitment for this person.
    monthly_commitment_minutes: Mapped[int | None] = mapped_column()
    esp_business_id: Mapped[int | None] = mapped_column(sa.ForeignKey("esp_businesses.id"), index=True)
    csc_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("csc_posts.id"), unique=True)

    volunteer: Mapped[Volunteer] = relationship(back_populates="special")
    rank: Mapped[Rank] = relationship()
    command: Mapped[Command] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=special_skills, order_by="Skill.name")
    esp_business: Mapped[EspBusiness | None] = relationship(back_populates="specials")
    csc_post: Mapped[CscPost | None] = relationship(back_populates="holder")

    @property
    def is_csc(self) -> bool:
        return self.csc_post_id is not None


class DofeLevel(LabelledEnum):
    NONE = "none"
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"


class Cadet(db.Model):
    """A Volunteer Police Cadet (13-18) or junior cadet (10-13): a child, with guardian consent."""

    __tablename__ = "cadets"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    cadet_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("cadet_units.id"), index=True)
    is_junior: Mapped[bool] = mapped_column(default=False)
    guardian_name: Mapped[str] = mapped_column(sa.String(120))
    guardian_phone: Mapped[str | None] = mapped_column(sa.String(40))
    guardian_email: Mapped[str | None] = mapped_column(sa.String(254))
    guardian_consent_on: Mapped[date | None] = mapped_column()
    referral_source: Mapped[str | None] = mapped_column(sa.String(120))
    referred_by_partner_agency: Mapped[bool] = mapped_column(default=False)
    dofe_level: Mapped[DofeLevel] = mapped_column(enum_type(DofeLevel), default=DofeLevel.NONE)
    dofe_progress_percent: Mapped[int] = mapped_column(default=0)

    volunteer: Mapped[Volunteer] = relationship(back_populates="cadet")
    unit: Mapped[CadetUnit] = relationship(back_populates="cadets")


class CadetLeader(db.Model):
    """An adult volunteer who runs a cadet unit."""

    __tablename__ = "cadet_leaders"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    cadet_unit_id: Mapped[int] = mapped_column(sa.ForeignKey("cadet_units.id"), index=True)
    is_unit_lead: Mapped[bool] = mapped_column(default=False)

    volunteer: Mapped[Volunteer] = relationship(back_populates="cadet_leader")
    unit: Mapped[CadetUnit] = relationship(back_populates="leaders")


class VolunteerRoleType(db.Model):
    """An Active Citizen / Police Support Volunteer role: data, so new roles need no code."""

    __tablename__ = "volunteer_role_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    description: Mapped[str | None] = mapped_column(sa.String(300))
    minimum_age: Mapped[int] = mapped_column(default=18)

    def __str__(self) -> str:
        return self.name


class ActiveCitizen(db.Model):
    """An Active Citizen or Police Support Volunteer (18+, vetted)."""

    __tablename__ = "active_citizens"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    role_type_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteer_role_types.id"), index=True)
    is_leader: Mapped[bool] = mapped_column(default=False)
    barred_list_checked_on: Mapped[date | None] = mapped_column()

    volunteer: Mapped[Volunteer] = relationship(back_populates="active_citizen")
    role_type: Mapped[VolunteerRoleType] = relationship()


class SpeedWatchVolunteer(db.Model):
    """A member of a Community Speed Watch group."""

    __tablename__ = "speed_watch_volunteers"
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("speed_watch_groups.id"), index=True)

    volunteer: Mapped[Volunteer] = relationship(back_populates="speed_watch")
    group: Mapped[SpeedWatchGroup] = relationship(back_populates="volunteers")


class Vetting(db.Model):
    """A vetting clearance: level, granted and expiry dates."""

    __tablename__ = "vettings"
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(sa.String(40))
    granted_on: Mapped[date] = mapped_column()
    expires_on: Mapped[date] = mapped_column(index=True)


class TrainingRecord(db.Model):
    """A course a volunteer completed."""

    __tablename__ = "training_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    course: Mapped[str] = mapped_column(sa.String(120))
    completed_on: Mapped[date] = mapped_column()
    expires_on: Mapped[date | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(sa.Text)


@special_labels(
    pin_3_year="3-year pin",
    pin_5_year="5-year pin",
    long_service_medal="Long Service Medal",
    long_service_clasp="Long Service Medal clasp",
    gold_coin="Gold Coin of Excellence",
)
class AwardType(LabelledEnum):
    PIN_3_YEAR = "pin_3_year"
    PIN_5_YEAR = "pin_5_year"
    LONG_SERVICE_MEDAL = "long_service_medal"
    LONG_SERVICE_CLASP = "long_service_clasp"
    GOLD_COIN = "gold_coin"
    LORD_FERRERS_NOMINATION = "lord_ferrers_nomination"
    OTHER = "other"


class Award(db.Model):
    """Recognition given to a volunteer."""

    __tablename__ = "awards"
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    award_type: Mapped[AwardType] = mapped_column(enum_type(AwardType))
    awarded_on: Mapped[date] = mapped_column()
    citation: Mapped[str | None] = mapped_column(sa.Text)


class StatusEvent(LabelledEnum):
    JOINED = "joined"
    MOVED = "moved"
    PAUSED = "paused"
    RESUMED = "resumed"
    LEFT = "left"
    REJOINED = "rejoined"
    PROMOTED = "promoted"
    STAGE = "stage"


class StatusChange(db.Model):
    """One entry in a volunteer's status history (joined, moved, paused, left with a reason ...)."""

    __tablename__ = "status_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    event: Mapped[StatusEvent] = mapped_column(enum_type(StatusEvent))
    effective_on: Mapped[date] = mapped_column()
    programme: Mapped[Programme | None] = mapped_column(enum_type(Programme))
    detail: Mapped[str | None] = mapped_column(sa.String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecruitmentSource(db.Model):
    """Where an application came from: a campaign or route (My Other Life, Ride Along ...)."""

    __tablename__ = "recruitment_sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)

    def __str__(self) -> str:
        return self.name


class ApplicationStage(LabelledEnum):
    APPLIED = "applied"
    SIFT = "sift"
    ASSESSMENT = "assessment"
    VETTING = "vetting"
    MEDICAL = "medical"
    FOUNDATION_TRAINING = "foundation_training"
    ATTESTED = "attested"
    INDEPENDENT_PATROL = "independent_patrol"


class ApplicationOutcome(LabelledEnum):
    OPEN = "open"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    JOINED = "joined"


class Application(db.Model):
    """An application to volunteer, moving through the recruitment pipeline."""

    __tablename__ = "applications"
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(80))
    last_name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    date_of_birth: Mapped[date | None] = mapped_column()
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    programme: Mapped[Programme] = mapped_column(enum_type(Programme), default=Programme.SPECIAL)
    csc_post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("csc_posts.id"), index=True)
    source_id: Mapped[int | None] = mapped_column(sa.ForeignKey("recruitment_sources.id"), index=True)
    applied_on: Mapped[date] = mapped_column(index=True)
    stage: Mapped[ApplicationStage] = mapped_column(enum_type(ApplicationStage), default=ApplicationStage.APPLIED)
    stage_entered_on: Mapped[date] = mapped_column()
    outcome: Mapped[ApplicationOutcome] = mapped_column(
        enum_type(ApplicationOutcome), default=ApplicationOutcome.OPEN, index=True
    )
    outcome_reason: Mapped[str | None] = mapped_column(sa.String(200))
    closed_on: Mapped[date | None] = mapped_column()
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="SET NULL"))

    district: Mapped[District | None] = relationship()
    source: Mapped[RecruitmentSource | None] = relationship()
    csc_post: Mapped[CscPost | None] = relationship()
    volunteer: Mapped[Volunteer | None] = relationship()
    stage_changes: Mapped[list[ApplicationStageChange]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationStageChange.entered_on"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ApplicationStageChange(db.Model):
    """The date an application entered a stage: time in stage and conversion come from these."""

    __tablename__ = "application_stage_changes"
    __table_args__ = (
        sa.Index("ix_stage_changes_entered", "entered_on", "application_id"),
        sa.Index("ix_stage_changes_application_entered", "application_id", "entered_on", "stage"),
    )  # 0008
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    stage: Mapped[ApplicationStage] = mapped_column(enum_type(ApplicationStage))
    entered_on: Mapped[date] = mapped_column()
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[Application] = relationship(back_populates="stage_changes")
