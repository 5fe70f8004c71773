"""Rosters and duties: shifts volunteers sign up to, and the duty hours they log."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import District, LabelledEnum, Parish, enum_type, special_labels

if TYPE_CHECKING:
    from schemes.models import EspBusiness
    from volunteers.models import Volunteer


@special_labels(op_community="Op Community", speed_watch="Community Speed Watch", admin="Administration")
class DutyType(LabelledEnum):
    PATROL = "patrol"
    EVENT = "event"
    TRAINING = "training"
    OP_COMMUNITY = "op_community"
    DAY_OF_ACTION = "day_of_action"
    CADET_MEETING = "cadet_meeting"
    CRIME_PREVENTION = "crime_prevention"
    SPEED_WATCH = "speed_watch"
    ADMIN = "admin"


class Shift(db.Model):
    """A rostered shift or event that volunteers sign up to."""

    __tablename__ = "shifts"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        sa.CheckConstraint("places >= 1", name="places_positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    shift_type: Mapped[DutyType] = mapped_column(enum_type(DutyType), index=True)
    place: Mapped[str | None] = mapped_column(sa.String(160))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    places: Mapped[int] = mapped_column(default=2)
    # Comma-separated programme values allowed to sign up (empty: any adult programme).
    eligible_programmes: Mapped[str] = mapped_column(sa.String(200), default="")
    minimum_rank_seniority: Mapped[int | None] = mapped_column()
    required_skill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skills.id"))
    signup_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notes: Mapped[str | None] = mapped_column(sa.Text)
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str | None] = mapped_column(sa.String(500))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Every change of the row bumps these (Core updates too), so calendars see a changed or cancelled shift.
    sequence: Mapped[int] = mapped_column(default=0, server_default="0", onupdate=sa.literal_column("sequence") + 1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    district: Mapped[District | None] = relationship()
    parish: Mapped[Parish | None] = relationship()
    signups: Mapped[list[ShiftSignup]] = relationship(back_populates="shift", order_by="ShiftSignup.signed_up_at")


class SignupStatus(LabelledEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"
    WITHDRAWN = "withdrawn"


class Attendance(LabelledEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class ShiftSignup(db.Model):
    """A volunteer's place (or waiting-list place) on a shift."""

    __tablename__ = "shift_signups"
    __table_args__ = (sa.UniqueConstraint("shift_id", "volunteer_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(sa.ForeignKey("shifts.id", ondelete="CASCADE"), index=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    status: Mapped[SignupStatus] = mapped_column(enum_type(SignupStatus), default=SignupStatus.CONFIRMED)
    signed_up_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attendance: Mapped[Attendance | None] = mapped_column(enum_type(Attendance))
    sequence: Mapped[int] = mapped_column(default=0, server_default="0", onupdate=sa.literal_column("sequence") + 1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    shift: Mapped[Shift] = relationship(back_populates="signups")
    volunteer: Mapped[Volunteer] = relationship()


class DutyStatus(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


# The database's own refusal of a duty overlapping another of the same volunteer (neither rejected): on
# PostgreSQL an exclusion constraint, on SQLite two triggers raising this name (migration 0013).
DUTY_OVERLAP_GUARD = "ex_duties_no_overlap"


class Duty(db.Model):
    """A duty a volunteer did: when, where, what, and whether a supervisor approved it."""

    __tablename__ = "duties"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_starts"),
        postgresql.ExcludeConstraint(
            (sa.column("volunteer_id"), "="),
            (sa.func.tstzrange(sa.column("starts_at"), sa.column("ends_at")), "&&"),
            name=DUTY_OVERLAP_GUARD,
            using="gist",
            where=sa.text("status <> 'rejected'"),
        ).ddl_if(dialect="postgresql"),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_range"),
        sa.Index("ix_duties_volunteer_date", "volunteer_id", "duty_date"),
        sa.Index("ix_duties_date_status", "duty_date", "status"),
        # One duty per booked sign-up: "I did this shift" confirms a sign-up once (scheduling/duties/did_shift.py).
        sa.Index("ix_duties_signup_id", "signup_id", unique=True),
        # The approvals queue reads pending duties only, oldest first (scheduling/duties/queue.py).
        sa.Index(
            "ix_duties_pending",
            "starts_at",
            "id",
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
        # Covering index for hours totals: the aggregates read the index alone, never the table.
        sa.Index(
            "ix_duties_hours_cover",
            "status",
            "duty_date",
            "volunteer_id",
            "minutes",
            "district_id",
            "parish_id",
            "is_esp",
            "esp_business_id",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # active_history: the hours ledger needs the value a change replaced (scheduling/hours/ledger.py).
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), active_history=True)
    shift_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shifts.id", ondelete="SET NULL"), index=True)
    # The booked sign-up this duty confirms (at most one duty each: the unique index above).
    signup_id: Mapped[int | None] = mapped_column(sa.ForeignKey("shift_signups.id", ondelete="SET NULL"))
    duty_date: Mapped[date] = mapped_column(active_history=True)  # the local (Europe/London) date the duty started
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    minutes: Mapped[int] = mapped_column()
    duty_type: Mapped[DutyType] = mapped_column(enum_type(DutyType))
    place: Mapped[str | None] = mapped_column(sa.String(160))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id"), index=True)
    is_esp: Mapped[bool] = mapped_column(default=False)
    esp_business_id: Mapped[int | None] = mapped_column(sa.ForeignKey("esp_businesses.id"), index=True)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[DutyStatus] = mapped_column(enum_type(DutyStatus), default=DutyStatus.PENDING, active_history=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(300))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    volunteer: Mapped[Volunteer] = relationship()
    district: Mapped[District | None] = relationship()
    parish: Mapped[Parish | None] = relationship()
    esp_business: Mapped[EspBusiness | None] = relationship()


_LEDGER_REST = ("programme", "district_id", "parish_id", "esp_business_id", "duties", "minutes")


class DutyMonthTotal(db.Model):
    """The hours ledger: approved duties summed per month, volunteer, programme and place.

    Kept up to date inside the transaction that changes a duty or a membership
    (scheduling/hours/ledger.py), so totals over years read a few thousand rows instead of every duty.
    ``programme`` is the one a duty counts under: the first, in DUTY_PROGRAMME_ORDER, the volunteer held
    on the duty's date (NULL when none). ``esp_business_id`` is set for ESP time only.
    """

    __tablename__ = "duty_month_totals"
    # Two covering indexes over the same columns: by month for a period's totals, by volunteer for a
    # set of people (CSCs, a parish's officers, commitments); 0008 added the second.
    __table_args__ = (
        sa.Index("ix_duty_month_totals_month_cover", "month", "volunteer_id", *_LEDGER_REST),
        sa.Index("ix_duty_month_totals_volunteer_cover", "volunteer_id", "month", *_LEDGER_REST),
        sa.CheckConstraint("duties > 0 AND minutes > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column()  # the first day of the month
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"))
    programme: Mapped[str | None] = mapped_column(sa.String(40))
    district_id: Mapped[int | None] = mapped_column(sa.ForeignKey("districts.id", ondelete="CASCADE"))
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id", ondelete="CASCADE"))
    esp_business_id: Mapped[int | None] = mapped_column(sa.ForeignKey("esp_businesses.id", ondelete="CASCADE"))
    duties: Mapped[int] = mapped_column()
    minutes: Mapped[int] = mapped_column()


_PLACE_KEYS = ("month", "programme", "district_id", "parish_id", "esp_business_id")


class DutyPlaceMonthTotal(db.Model):
    """The hours ledger by place: the ledger's rows summed over volunteers.

    A period's totals by district, parish, LPA, ESP employer, programme or month read this table: about
    a tenth of the ledger's rows. It has no volunteer, so it cannot count people. "None" is stored as
    0 (ids) and "" (programme), so each key is one unique row and a change is added to it in one upsert;
    ``PLACE_NONE`` maps them back to NULL when read. Kept exact by scheduling/hours/ledger.py.
    """

    __tablename__ = "duty_place_month_totals"
    __table_args__ = (
        sa.UniqueConstraint(*_PLACE_KEYS, name="uq_duty_place_month_totals_key"),
        sa.Index("ix_duty_place_month_totals_month_cover", *_PLACE_KEYS, "duties", "minutes"),
        sa.CheckConstraint("duties >= 0 AND minutes >= 0", name="not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column()  # the first day of the month
    programme: Mapped[str] = mapped_column(sa.String(40))  # "" when the volunteer held none that day
    district_id: Mapped[int] = mapped_column()  # 0 when none (no foreign key: a derived table)
    parish_id: Mapped[int] = mapped_column()
    esp_business_id: Mapped[int] = mapped_column()
    duties: Mapped[int] = mapped_column()
    minutes: Mapped[int] = mapped_column()


class JobStatus(LabelledEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class JobRun(db.Model):
    """One run of a scheduled or on-demand job; the unique (job, period) claim makes it run once."""

    __tablename__ = "job_runs"
    __table_args__ = (
        sa.UniqueConstraint("job_name", "period_key", name="uq_job_runs_job_period"),
        sa.Index("ix_job_runs_started_at", "started_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    job_name: Mapped[str] = mapped_column(sa.String(60))
    period_key: Mapped[str] = mapped_column(sa.String(80))
    period_start: Mapped[date | None] = mapped_column()
    period_end: Mapped[date | None] = mapped_column()
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus), default=JobStatus.RUNNING, index=True)
    attempts: Mapped[int] = mapped_column(default=1)
    host: Mapped[str | None] = mapped_column(sa.String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    output_path: Mapped[str | None] = mapped_column(sa.String(300))
    message: Mapped[str | None] = mapped_column(sa.Text)
    triggered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class ApiToken(db.Model):
    """A Bearer token for the API, issued and revoked by its user; only a hash is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CalendarFeed(db.Model):
    """A volunteer's private iCalendar feed: a secret URL (hashed here) they can revoke."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
