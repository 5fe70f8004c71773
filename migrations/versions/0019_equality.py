"""equality answers: sex, ethnicity and disability, kept apart from the person's record

Revision ID: 0019_equality
Revises: 0018_duty_signup
Create Date: 2026-12-05 11:50:00

Special category data: its own table, one row per volunteer or per application, erased with either.
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0019_equality"
down_revision = "0018_duty_signup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "equality_answers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE"), unique=True),
        sa.Column(
            "application_id", sa.Integer(), sa.ForeignKey("applications.id", ondelete="CASCADE"), unique=True
        ),
        sa.Column("sex", sa.String(40)),
        sa.Column("ethnicity", sa.String(40)),
        sa.Column("disability", sa.String(40)),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(volunteer_id IS NULL) <> (application_id IS NULL)", name="ck_equality_answers_one_owner"),
    )


def downgrade() -> None:
    op.drop_table("equality_answers")
