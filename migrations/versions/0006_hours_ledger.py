# ruff: noqa: S608  (the SQL below is built from this file's constants only)
"""hours ledger: approved duties summed per month, volunteer, programme and place

Revision ID: 0006_hours_ledger
Revises: 0002_security
Create Date: 2026-11-22 13:50:00

The ledger is filled from the duties already recorded, with the same rule the application uses
(scheduling/hours/ledger.py): a duty counts under the first programme, in the order below, that the
volunteer held on the duty's date.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_hours_ledger"
down_revision = "0002_security"
branch_labels = None
depends_on = None

ORDER = ["csc", "special", "cadet_leader", "active_citizen", "speed_watch", "cadet", "junior_cadet"]


def _backfill() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        month = "date(d.duty_date, 'start of month')"
    else:
        month = "CAST(date_trunc('month', d.duty_date) AS DATE)"
    rank = " ".join(f"WHEN '{p}' THEN {i}" for i, p in enumerate(ORDER))
    name = " ".join(f"WHEN {i} THEN '{p}'" for i, p in enumerate(ORDER))
    # Every piece below is a constant of this file: no outside value reaches the SQL.
    programme = (
        f"CASE (SELECT min(CASE pm.programme {rank} END) FROM programme_memberships pm "
        "WHERE pm.volunteer_id = d.volunteer_id AND pm.started_on <= d.duty_date "
        f"AND (pm.ended_on IS NULL OR pm.ended_on > d.duty_date)) {name} END"
    )
    esp = "CASE WHEN d.is_esp THEN d.esp_business_id END"
    op.execute(
        "INSERT INTO duty_month_totals "
        "(month, volunteer_id, programme, district_id, parish_id, esp_business_id, duties, minutes) "
        f"SELECT {month}, d.volunteer_id, {programme}, d.district_id, d.parish_id, {esp}, count(*), sum(d.minutes) "
        "FROM duties d WHERE d.status = 'approved' "
        f"GROUP BY {month}, d.volunteer_id, {programme}, d.district_id, d.parish_id, {esp}"
    )


def upgrade():
    op.create_table(
        "duty_month_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("programme", sa.String(length=40), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("parish_id", sa.Integer(), nullable=True),
        sa.Column("esp_business_id", sa.Integer(), nullable=True),
        sa.Column("duties", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.CheckConstraint("duties > 0 AND minutes > 0", name=op.f("ck_duty_month_totals_positive")),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_duty_month_totals_district_id_districts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["esp_business_id"],
            ["esp_businesses.id"],
            name=op.f("fk_duty_month_totals_esp_business_id_esp_businesses"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parish_id"], ["parishes.id"], name=op.f("fk_duty_month_totals_parish_id_parishes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["volunteer_id"],
            ["volunteers.id"],
            name=op.f("fk_duty_month_totals_volunteer_id_volunteers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_month_totals")),
    )
    with op.batch_alter_table("duty_month_totals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_duty_month_totals_month_cover",
            ["month", "volunteer_id", "programme", "district_id", "parish_id", "esp_business_id", "duties", "minutes"],
            unique=False,
        )
        batch_op.create_index("ix_duty_month_totals_volunteer_month", ["volunteer_id", "month"], unique=False)
    _backfill()


def downgrade():
    with op.batch_alter_table("duty_month_totals", schema=None) as batch_op:
        batch_op.drop_index("ix_duty_month_totals_volunteer_month")
        batch_op.drop_index("ix_duty_month_totals_month_cover")
    op.drop_table("duty_month_totals")
