"""hours ledger by place: the ledger summed over volunteers, for totals by district, parish, programme

Revision ID: 0010_place_ledger
Revises: 0009_ledger_index
Create Date: 2026-11-22 16:30:00

Filled from the hours ledger already held. "None" is stored as 0 (ids) and "" (programme), so each key
is one row of the unique index and a change is added to it with one upsert.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_place_ledger"
down_revision = "0009_ledger_index"
branch_labels = None
depends_on = None

KEYS = ["month", "programme", "district_id", "parish_id", "esp_business_id"]


def upgrade():
    op.create_table(
        "duty_place_month_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("programme", sa.String(length=40), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("parish_id", sa.Integer(), nullable=False),
        sa.Column("esp_business_id", sa.Integer(), nullable=False),
        sa.Column("duties", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("duties >= 0 AND minutes >= 0", name=op.f("ck_duty_place_month_totals_not_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_place_month_totals")),
        sa.UniqueConstraint(*KEYS, name="uq_duty_place_month_totals_key"),
    )
    with op.batch_alter_table("duty_place_month_totals", schema=None) as batch_op:
        batch_op.create_index("ix_duty_place_month_totals_month_cover", [*KEYS, "duties", "minutes"], unique=False)
    op.execute(
        "INSERT INTO duty_place_month_totals "
        "(month, programme, district_id, parish_id, esp_business_id, duties, minutes) "
        "SELECT month, coalesce(programme, ''), coalesce(district_id, 0), coalesce(parish_id, 0), "
        "coalesce(esp_business_id, 0), sum(duties), sum(minutes) FROM duty_month_totals "
        "GROUP BY month, coalesce(programme, ''), coalesce(district_id, 0), coalesce(parish_id, 0), "
        "coalesce(esp_business_id, 0)"
    )


def downgrade():
    with op.batch_alter_table("duty_place_month_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_duty_place_month_totals_month_cover")
    op.drop_table("duty_place_month_totals")
