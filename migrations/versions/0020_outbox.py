"""outbox: every email and text to send, and each person's chosen channel per kind of message

Revision ID: 0020_outbox
Revises: 0019a_calendar_versions
Create Date: 2026-12-05 11:45:00

One row per message per recipient, written in the event's own transaction; the worker sends each at most once.
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0020_outbox"
down_revision = "0019a_calendar_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("notice_id", sa.Integer(), sa.ForeignKey("notices.id", ondelete="SET NULL")),
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE")),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("audience", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("address", sa.String(254), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(40), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(500)),
        sa.Column("provider_id", sa.String(120)),
        sa.Column("worker", sa.String(120)),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("claimed_at", UTCDateTime(timezone=True)),
        sa.Column("sent_at", UTCDateTime(timezone=True)),
        sa.UniqueConstraint("notice_id", "audience", name="uq_outbox_messages_notice_audience"),
    )
    op.create_index("ix_outbox_messages_due", "outbox_messages", ["state", "next_attempt_at", "id"])
    op.create_index("ix_outbox_messages_volunteer", "outbox_messages", ["volunteer_id"])
    op.create_index("ix_outbox_messages_user", "outbox_messages", ["user_id"])
    op.create_table(
        "contact_preferences",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE")),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        sa.CheckConstraint("(volunteer_id IS NULL) <> (user_id IS NULL)", name="ck_contact_preferences_one_owner"),
        sa.UniqueConstraint("volunteer_id", "kind", name="uq_contact_preferences_volunteer_kind"),
        sa.UniqueConstraint("user_id", "kind", name="uq_contact_preferences_user_kind"),
    )


def downgrade() -> None:
    op.drop_table("contact_preferences")
    op.drop_index("ix_outbox_messages_user", "outbox_messages")
    op.drop_index("ix_outbox_messages_volunteer", "outbox_messages")
    op.drop_index("ix_outbox_messages_due", "outbox_messages")
    op.drop_table("outbox_messages")
