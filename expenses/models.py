"""Expenses: dated rates, claims against duties or a training course, what each claim covers, monthly payment runs,
cost codes."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import Command, LabelledEnum, User, enum_type, special_labels

# The duties, posts and people a claim names are mapped first (the relationships below resolve to them).
from scheduling.models import Duty
from schemes.models import CscPost
from volunteers.models import TrainingRecord, Volunteer


@special_labels(fares="Public transport fares", boots="Boot allowance")
class ClaimKind(LabelledEnum):
    MILEAGE = "mileage"
    FARES = "fares"
    SUBSISTENCE = "subsistence"
    BOOTS = "boots"
    LOSS_OF_EARNINGS = "loss_of_earnings"
    OTHER = "other"


class ClaimState(LabelledEnum):
    SUBMITTED = "submitted"  # waiting for the supervisor
    APPROVED = "approved"  # in a payment run that is still open
    REJECTED = "rejected"
    PAID = "paid"  # in a closed payment run


class ExpenseRate(db.Model):
    """What a kind of claim pays from a date: pence per mile (mileage, by vehicle), a subsistence allowance for
    duties at least ``min_minutes`` long, the boot allowance a year, or a cap (fares, loss of earnings a day, other)."""

    __tablename__ = "expense_rates"
    __table_args__ = (
        sa.UniqueConstraint("kind", "variant", "starts_on", name="uq_expense_rates_kind_variant_starts_on"),
        sa.CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ClaimKind] = mapped_column(enum_type(ClaimKind))
    variant: Mapped[str] = mapped_column(sa.String(40), default="")  # "car", "motorcycle", "over 5 hours" ...
    starts_on: Mapped[date] = mapped_column()
    amount_pence: Mapped[int] = mapped_column()
    min_minutes: Mapped[int | None] = mapped_column()  # subsistence: the shortest duty it is paid for
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PaymentRunState(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"


class PaymentRun(db.Model):
    """One month's approved claims, paid together; closed by a coordinator with its finance file, then never changed."""

    __tablename__ = "payment_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(unique=True)  # the first day of the month
    state: Mapped[PaymentRunState] = mapped_column(enum_type(PaymentRunState), default=PaymentRunState.OPEN)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    total_pence: Mapped[int | None] = mapped_column()
    csv_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="SET NULL"))
    xlsx_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="SET NULL"))

    claims: Mapped[list[ExpenseClaim]] = relationship(back_populates="payment_run", order_by="ExpenseClaim.id")

    @property
    def closed(self) -> bool:
        return self.state == PaymentRunState.CLOSED


class ExpenseClaim(db.Model):
    """A volunteer's claim of one kind against one or more of their approved duties, at the rate of the first duty's
    day, or against one training course of theirs, at the rate of the training day (``duty_day`` is the day either
    way); a CSC's claim for duties in their own parish is paid from the council's budget (``post_id``)."""

    __tablename__ = "expense_claims"
    __table_args__ = (
        sa.CheckConstraint("amount_pence >= 0", name="amount_not_negative"),
        sa.Index("ix_expense_claims_state", "state", "duty_day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ClaimKind] = mapped_column(enum_type(ClaimKind))
    variant: Mapped[str] = mapped_column(sa.String(40), default="")
    duty_day: Mapped[date] = mapped_column()  # the day whose rate the claim is paid at
    rate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("expense_rates.id", ondelete="SET NULL"))
    miles: Mapped[int | None] = mapped_column()
    amount_pence: Mapped[int] = mapped_column()
    description: Mapped[str | None] = mapped_column(sa.String(300))
    receipt_file_id: Mapped[int | None] = mapped_column(sa.ForeignKey("stored_files.id", ondelete="SET NULL"))
    # Dated facts at submission: what the figures and the finance file count the claim under.
    command_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commands.id", ondelete="SET NULL"), index=True)
    programme: Mapped[str | None] = mapped_column(sa.String(40))
    post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("csc_posts.id", ondelete="SET NULL"), index=True)
    state: Mapped[ClaimState] = mapped_column(enum_type(ClaimState), default=ClaimState.SUBMITTED)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(300))
    payment_run_id: Mapped[int | None] = mapped_column(sa.ForeignKey("payment_runs.id"), index=True)

    volunteer: Mapped[Volunteer] = relationship()
    rate: Mapped[ExpenseRate | None] = relationship()
    command: Mapped[Command | None] = relationship()
    post: Mapped[CscPost | None] = relationship()
    decided_by: Mapped[User | None] = relationship()
    payment_run: Mapped[PaymentRun | None] = relationship(back_populates="claims")
    duty_links: Mapped[list[ClaimedDuty]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimedDuty.duty_id"
    )

    training_links: Mapped[list[ClaimedTraining]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimedTraining.id"
    )

    @property
    def duties(self) -> list[Duty]:
        return [link.duty for link in self.duty_links]

    @property
    def training(self) -> TrainingRecord | None:
        """The training course the claim is for, if it is not for duties."""
        return self.training_links[0].record if self.training_links else None

    @property
    def covers(self) -> str:
        """What the claim is for, in a word: "Training" or "Duty"."""
        return "Training" if self.training_links else "Duty"


# "One claim per duty and type": the database refuses a second live claim of a kind for a duty (a rejected claim
# frees its duties, so the volunteer may claim again).
ONE_CLAIM_PER_DUTY = "uq_claimed_duties_live"


class ClaimedDuty(db.Model):
    """A duty a claim covers, with the claim's kind and whether the claim is live (not rejected)."""

    __tablename__ = "claimed_duties"
    __table_args__ = (
        sa.Index(
            ONE_CLAIM_PER_DUTY,
            "duty_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("live"),
            postgresql_where=sa.text("live"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("expense_claims.id", ondelete="CASCADE"), index=True)
    duty_id: Mapped[int] = mapped_column(sa.ForeignKey("duties.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ClaimKind] = mapped_column(enum_type(ClaimKind))
    live: Mapped[bool] = mapped_column(default=True)

    claim: Mapped[ExpenseClaim] = relationship(back_populates="duty_links")
    duty: Mapped[Duty] = relationship()


# "One claim per training course and type", the same way: a rejected claim frees the record.
ONE_CLAIM_PER_TRAINING = "uq_claimed_training_live"


class ClaimedTraining(db.Model):
    """The training course (a volunteer's training record) a claim covers, with its kind and whether it is live."""

    __tablename__ = "claimed_training"
    __table_args__ = (
        sa.Index(
            ONE_CLAIM_PER_TRAINING,
            "training_record_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("live"),
            postgresql_where=sa.text("live"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("expense_claims.id", ondelete="CASCADE"), index=True)
    training_record_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_records.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ClaimKind] = mapped_column(enum_type(ClaimKind))
    live: Mapped[bool] = mapped_column(default=True)

    claim: Mapped[ExpenseClaim] = relationship(back_populates="training_links")
    record: Mapped[TrainingRecord] = relationship()


class CostCode(db.Model):
    """The finance cost code a command's claims are paid from."""

    __tablename__ = "expense_cost_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    command_id: Mapped[int] = mapped_column(sa.ForeignKey("commands.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(sa.String(40))

    command: Mapped[Command] = relationship()
