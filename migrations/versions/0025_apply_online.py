"""apply online: submissions with their references, guardians' confirmations, applicants' links

Revision ID: 0025_apply_online
Revises: 0024_kit
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0025_apply_online"
down_revision = "0024_kit"
branch_labels = None
depends_on = None


def _application_id(unique: bool = False) -> sa.Column:
    return sa.Column(
        "application_id",
        sa.Integer(),
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
        unique=unique,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "online_submissions",
        sa.Column("id", sa.Integer(), primary_key=True),
        _application_id(),
        sa.Column("reference", sa.String(16), nullable=False, unique=True),
        sa.Column("route", sa.String(20), nullable=False),
        sa.Column("applied_again", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "guardian_consents",
        sa.Column("id", sa.Integer(), primary_key=True),
        _application_id(unique=True),
        sa.Column("guardian_email", sa.String(254), nullable=False),
        sa.Column("named_by_applicant", sa.String(120), nullable=False),
        sa.Column("confirmed_name", sa.String(120)),
        sa.Column("relationship", sa.String(40)),
        sa.Column("confirmed_at", UTCDateTime(timezone=True)),
    )
    op.create_table(
        "applicant_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        _application_id(),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", UTCDateTime(timezone=True)),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("applicant_links")
    op.drop_table("guardian_consents")
    op.drop_table("online_submissions")
