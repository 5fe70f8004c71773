"""hours ledger: drop (volunteer_id, month), a prefix of the covering index 0008 added

Revision ID: 0009_ledger_index
Revises: 0008_national_indexes
Create Date: 2026-11-22 15:40:00

ix_duty_month_totals_volunteer_cover starts with (volunteer_id, month), so the narrower index only
cost every ledger write.
"""

from alembic import op

revision = "0009_ledger_index"
down_revision = "0008_national_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("duty_month_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_duty_month_totals_volunteer_month")


def downgrade():
    with op.batch_alter_table("duty_month_totals", schema=None) as batch_op:
        batch_op.create_index("ix_duty_month_totals_volunteer_month", ["volunteer_id", "month"], unique=False)
