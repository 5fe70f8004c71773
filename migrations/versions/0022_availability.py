"""availability and call-outs: weekly pattern, one-off dates, notice, absences; call-outs and who was asked

Revision ID: 0022_availability
Revises: 0026_returns
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0022_availability"
down_revision = "0026_returns"
branch_labels = None
depends_on = None


def _volunteer() -> sa.Column:
    return sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "availability_slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        _volunteer(),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(40), nullable=False),
        sa.UniqueConstraint("volunteer_id", "weekday", "part", name="uq_availability_slots_slot"),
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name="ck_availability_slots_weekday_range"),
    )
    op.create_index("ix_availability_slots_volunteer_id", "availability_slots", ["volunteer_id"])
    op.create_table(
        "availability_dates",
        sa.Column("id", sa.Integer(), primary_key=True),
        _volunteer(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("available", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("volunteer_id", "day", name="uq_availability_dates_day"),
    )
    op.create_index("ix_availability_dates_volunteer_id", "availability_dates", ["volunteer_id"])
    op.create_table(
        "availability_notice",
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "absences",
        sa.Column("id", sa.Integer(), primary_key=True),
        _volunteer(),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500)),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name="ck_absences_ends_after_starts"),
    )
    op.create_index("ix_absences_volunteer_dates", "absences", ["volunteer_id", "starts_on", "ends_on"])
    op.create_table(
        "callouts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shifts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_callouts_shift_id", "callouts", ["shift_id"])
    op.create_table(
        "callout_invites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("callout_id", sa.Integer(), sa.ForeignKey("callouts.id", ondelete="CASCADE"), nullable=False),
        _volunteer(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_callout_invites_token_hash"),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("answer", sa.String(40), nullable=False),
        sa.Column("answered_at", UTCDateTime(timezone=True)),
        sa.Column("answered_by", sa.String(10)),
        sa.UniqueConstraint("callout_id", "volunteer_id", name="uq_callout_invites_person"),
    )
    op.create_index("ix_callout_invites_callout_id", "callout_invites", ["callout_id"])
    op.create_index("ix_callout_invites_volunteer_id", "callout_invites", ["volunteer_id"])
    op.create_index("ix_callout_invites_code", "callout_invites", ["code"])


def downgrade() -> None:
    for table in ("callout_invites", "callouts", "absences", "availability_notice", "availability_dates"):
        op.drop_table(table)
    op.drop_table("availability_slots")
