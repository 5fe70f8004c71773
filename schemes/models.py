"""Schemes: CSC agreements and posts, ESP businesses, watch schemes, Speed Watch, cadet units, CSAS."""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.models import District, LabelledEnum, Parish, enum_type

if TYPE_CHECKING:
    from volunteers.models import Cadet, CadetLeader, SpecialConstable, SpeedWatchVolunteer


# --- Parish and town councils: Community Special Constable agreements -------------------------


class AgreementStatus(LabelledEnum):
    SIGNED = "signed"  # signed, recruiting
    ACTIVE = "active"  # at least one CSC recruited
    UNABLE_TO_RECRUIT = "unable_to_recruit"
    ENDED = "ended"


class FundingOnLeaving(LabelledEnum):
    HELD_FOR_REPLACEMENT = "held_for_replacement"
    RETURNED_PRO_RATA = "returned_pro_rata"
    REDIRECTED = "redirected"


class CscAgreement(db.Model):
    """A council's legal agreement to fund Community Special Constable posts."""

    __tablename__ = "csc_agreements"
    __table_args__ = (
        sa.CheckConstraint("posts_funded >= 1", name="posts_funded_positive"),
        sa.CheckConstraint("annual_budget_pence >= 0", name="budget_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    parish_id: Mapped[int] = mapped_column(sa.ForeignKey("parishes.id"), index=True)
    signed_on: Mapped[date] = mapped_column()
    posts_funded: Mapped[int] = mapped_column(default=1)
    annual_budget_pence: Mapped[int] = mapped_column(default=100_000)
    status: Mapped[AgreementStatus] = mapped_column(enum_type(AgreementStatus), default=AgreementStatus.SIGNED)
    funding_on_leaving: Mapped[FundingOnLeaving] = mapped_column(
        enum_type(FundingOnLeaving), default=FundingOnLeaving.HELD_FOR_REPLACEMENT
    )
    ended_on: Mapped[date | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(sa.Text)

    parish: Mapped[Parish] = relationship()
    posts: Mapped[list[CscPost]] = relationship(back_populates="agreement", order_by="CscPost.post_number")


class PostState(LabelledEnum):
    RECRUITING = "recruiting"
    APPLICANT_IN_PIPELINE = "applicant_in_pipeline"
    IN_TRAINING = "in_training"
    IN_POST = "in_post"
    VACANT_AFTER_LEAVER = "vacant_after_leaver"


class CscPost(db.Model):
    """One funded Community Special Constable post in a parish."""

    __tablename__ = "csc_posts"
    __table_args__ = (sa.UniqueConstraint("agreement_id", "post_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("csc_agreements.id"), index=True)
    post_number: Mapped[int] = mapped_column(default=1)
    state: Mapped[PostState] = mapped_column(enum_type(PostState), default=PostState.RECRUITING, index=True)
    state_since: Mapped[date] = mapped_column()

    agreement: Mapped[CscAgreement] = relationship(back_populates="posts")
    holder: Mapped[SpecialConstable | None] = relationship(back_populates="csc_post")
    claims: Mapped[list[CscClaim]] = relationship(back_populates="post")


class ClaimType(LabelledEnum):
    MILEAGE = "mileage"
    SUBSISTENCE = "subsistence"


class CscClaim(db.Model):
    """A mileage or subsistence claim by a CSC against the council's budget (pence)."""

    __tablename__ = "csc_claims"
    __table_args__ = (sa.CheckConstraint("amount_pence > 0", name="amount_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("csc_posts.id"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="SET NULL"), index=True)
    claim_type: Mapped[ClaimType] = mapped_column(enum_type(ClaimType))
    claimed_on: Mapped[date] = mapped_column(index=True)
    amount_pence: Mapped[int] = mapped_column()
    description: Mapped[str | None] = mapped_column(sa.String(200))

    post: Mapped[CscPost] = relationship(back_populates="claims")


# --- Employer Supported Policing -------------------------------------------------------------


class EspStatus(LabelledEnum):
    PROSPECT = "prospect"
    ENGAGED = "engaged"
    REGISTERED = "registered"
    LEFT = "left"


class EspBusiness(db.Model):
    """A business that gives employee-Specials paid time off to serve (the force is one too)."""

    __tablename__ = "esp_businesses"
    __table_args__ = (sa.CheckConstraint("release_minutes_per_month >= 0", name="release_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    sector: Mapped[str | None] = mapped_column(sa.String(80))
    size_band: Mapped[str | None] = mapped_column(sa.String(40))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"))
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[EspStatus] = mapped_column(enum_type(EspStatus), default=EspStatus.PROSPECT, index=True)
    is_force: Mapped[bool] = mapped_column(default=False)
    release_minutes_per_month: Mapped[int] = mapped_column(default=4 * 60)
    training_time_off: Mapped[bool] = mapped_column(default=True)
    agreement_signed_on: Mapped[date | None] = mapped_column()

    district: Mapped[District | None] = relationship()
    specials: Mapped[list[SpecialConstable]] = relationship(back_populates="esp_business")
    engagements: Mapped[list[EspEngagement]] = relationship(
        back_populates="business", order_by="EspEngagement.occurred_on"
    )

    def __str__(self) -> str:
        return self.name


class EspEngagement(db.Model):
    """A step in the engagement history with an ESP business (contacted, met, signed, left)."""

    __tablename__ = "esp_engagements"
    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(sa.ForeignKey("esp_businesses.id"), index=True)
    occurred_on: Mapped[date] = mapped_column()
    status: Mapped[EspStatus] = mapped_column(enum_type(EspStatus))
    note: Mapped[str | None] = mapped_column(sa.String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    business: Mapped[EspBusiness] = relationship(back_populates="engagements")


# --- Watch schemes -----------------------------------------------------------------------------


class WatchSchemeType(db.Model):
    """A kind of watch scheme (Neighbourhood, Dog, Horse, Marine ...): data, not code."""

    __tablename__ = "watch_scheme_types"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)

    def __str__(self) -> str:
        return self.name


class TermsOfReference(LabelledEnum):
    NONE = "none"
    DRAFT = "draft"
    AGREED = "agreed"
    REVIEW_DUE = "review_due"


class WatchScheme(db.Model):
    """A watch scheme run with an Essex Watch Liaison Officer."""

    __tablename__ = "watch_schemes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    type_id: Mapped[int] = mapped_column(sa.ForeignKey("watch_scheme_types.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"))
    liaison_officer: Mapped[str | None] = mapped_column(sa.String(120))
    terms_of_reference: Mapped[TermsOfReference] = mapped_column(
        enum_type(TermsOfReference), default=TermsOfReference.NONE
    )
    launched_on: Mapped[date | None] = mapped_column()

    scheme_type: Mapped[WatchSchemeType] = relationship()
    district: Mapped[District | None] = relationship()
    snapshots: Mapped[list[WatchMemberSnapshot]] = relationship(
        back_populates="scheme", order_by="WatchMemberSnapshot.recorded_on"
    )


class WatchMemberSnapshot(db.Model):
    """A scheme's member count on a date; growth since any date comes from these."""

    __tablename__ = "watch_member_snapshots"
    __table_args__ = (
        sa.UniqueConstraint("scheme_id", "recorded_on"),
        sa.CheckConstraint("members >= 0", name="members_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(sa.ForeignKey("watch_schemes.id"), index=True)
    recorded_on: Mapped[date] = mapped_column()
    members: Mapped[int] = mapped_column()

    scheme: Mapped[WatchScheme] = relationship(back_populates="snapshots")


class InterestStage(LabelledEnum):
    RECEIVED = "received"
    AWAITING_VISIT = "awaiting_visit"
    APPROVED = "approved"
    DECLINED = "declined"


class WatchInterest(db.Model):
    """An expression of interest in a scheme, with its own pipeline (e.g. awaiting a stable visit)."""

    __tablename__ = "watch_interests"
    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(sa.ForeignKey("watch_schemes.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    contact: Mapped[str | None] = mapped_column(sa.String(254))
    received_on: Mapped[date] = mapped_column()
    stage: Mapped[InterestStage] = mapped_column(enum_type(InterestStage), default=InterestStage.RECEIVED)
    notes: Mapped[str | None] = mapped_column(sa.Text)


class WatchMessage(db.Model):
    """A message sent to a scheme's members."""

    __tablename__ = "watch_messages"
    __table_args__ = (sa.CheckConstraint("recipients >= 0", name="recipients_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(sa.ForeignKey("watch_schemes.id"), index=True)
    sent_on: Mapped[date] = mapped_column()
    subject: Mapped[str] = mapped_column(sa.String(200))
    recipients: Mapped[int] = mapped_column(default=0)


# --- Community Speed Watch ---------------------------------------------------------------------


class SpeedWatchGroup(db.Model):
    """A Community Speed Watch group."""

    __tablename__ = "speed_watch_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id"), index=True)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    coordinator_name: Mapped[str | None] = mapped_column(sa.String(120))
    coordinator_contact: Mapped[str | None] = mapped_column(sa.String(254))
    started_on: Mapped[date] = mapped_column()
    active: Mapped[bool] = mapped_column(default=True)

    parish: Mapped[Parish | None] = relationship()
    district: Mapped[District] = relationship()
    sites: Mapped[list[SpeedWatchSite]] = relationship(back_populates="group")
    volunteers: Mapped[list[SpeedWatchVolunteer]] = relationship(back_populates="group")


class SpeedWatchSite(db.Model):
    """An approved, risk-assessed roadside site."""

    __tablename__ = "speed_watch_sites"
    __table_args__ = (sa.CheckConstraint("speed_limit_mph BETWEEN 10 AND 70", name="speed_limit_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("speed_watch_groups.id"), index=True)
    location: Mapped[str] = mapped_column(sa.String(160))
    speed_limit_mph: Mapped[int] = mapped_column(default=30)
    approved_on: Mapped[date | None] = mapped_column()

    group: Mapped[SpeedWatchGroup] = relationship(back_populates="sites")


class SpeedWatchSession(db.Model):
    """A session at a site: vehicles checked, over the limit, and the letters that followed."""

    __tablename__ = "speed_watch_sessions"
    __table_args__ = (
        sa.CheckConstraint("vehicles_checked >= 0", name="checked_not_negative"),
        sa.CheckConstraint(
            "vehicles_over_limit >= 0 AND vehicles_over_limit <= vehicles_checked", name="over_le_checked"
        ),
        sa.CheckConstraint("first_letters >= 0 AND final_letters >= 0 AND referrals >= 0", name="letters_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("speed_watch_groups.id"), index=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("speed_watch_sites.id"), index=True)
    session_date: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time] = mapped_column()
    end_time: Mapped[time] = mapped_column()
    vehicles_checked: Mapped[int] = mapped_column(default=0)
    vehicles_over_limit: Mapped[int] = mapped_column(default=0)
    first_letters: Mapped[int] = mapped_column(default=0)
    final_letters: Mapped[int] = mapped_column(default=0)
    referrals: Mapped[int] = mapped_column(default=0)

    group: Mapped[SpeedWatchGroup] = relationship()
    site: Mapped[SpeedWatchSite] = relationship()


# --- Cadet units -------------------------------------------------------------------------------


class UnitStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"
    REOPENING = "reopening"


class CadetUnit(db.Model):
    """A Volunteer Police Cadet unit, run by adult cadet leaders."""

    __tablename__ = "cadet_units"
    __table_args__ = (sa.CheckConstraint("capacity >= 0", name="capacity_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    place: Mapped[str] = mapped_column(sa.String(120))
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    capacity: Mapped[int] = mapped_column(default=30)
    status: Mapped[UnitStatus] = mapped_column(enum_type(UnitStatus), default=UnitStatus.OPEN)
    meeting_night: Mapped[str | None] = mapped_column(sa.String(20))

    district: Mapped[District] = relationship()
    cadets: Mapped[list[Cadet]] = relationship(back_populates="unit")
    leaders: Mapped[list[CadetLeader]] = relationship(back_populates="unit")


# --- Community Safety Accreditation Scheme -----------------------------------------------------


class CsasOrganisation(db.Model):
    """A partner organisation accredited under CSAS."""

    __tablename__ = "csas_organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    accredited_on: Mapped[date] = mapped_column()
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))

    persons: Mapped[list[CsasPerson]] = relationship(back_populates="organisation")


class CsasPerson(db.Model):
    """An accredited person; accreditation needs a refresher every 3 years."""

    __tablename__ = "csas_persons"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("csas_organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str | None] = mapped_column(sa.String(80))
    accredited_on: Mapped[date] = mapped_column(index=True)
    active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[CsasOrganisation] = relationship(back_populates="persons")
