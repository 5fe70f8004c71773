"""history: a Special's rank and whether a cadet unit is open, closed or re-opening

Revision ID: 0011_rank_and_unit_history
Revises: 0010_place_ledger
Create Date: 2026-11-22 18:30:00

A Special's rank joins the rest of their assignment (special_assignments.rank_id), so a promotion closes the
open row and opens a new one as a change of command does; a cadet unit's status gets its own dated table
(cadet_unit_statuses). Neither was kept before, so nothing tells what they were in the past: every existing
assignment row takes the Special's current rank, and each unit gets one open row with its current status
from 1900-01-01 (history.recording.BEFORE_RECORDS: a unit records no date it opened). Past periods
therefore read what the dashboard showed for them until now; changes from here on are dated.
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0011_rank_and_unit_history"
down_revision = "0010_place_ledger"
branch_labels = None
depends_on = None

BEFORE_RECORDS = date(1900, 1, 1)
UNIT_STATUS = sa.Enum("open", "closed", "reopening", name="unitstatus", native_enum=False, length=40)

_assignments = sa.table("special_assignments", sa.column("volunteer_id"), sa.column("rank_id"))
_specials = sa.table("special_constables", sa.column("volunteer_id"), sa.column("rank_id"))
_units = sa.table("cadet_units", sa.column("id"), sa.column("status"))
_statuses = sa.table("cadet_unit_statuses", sa.column("unit_id"), sa.column("status"), sa.column("valid_from"))

# Statements, not SQL text: the date is bound with its type on each engine.
BACKFILL = [
    _assignments.update()
    .where(_assignments.c.rank_id.is_(None))
    .values(
        rank_id=sa.select(_specials.c.rank_id)
        .where(_specials.c.volunteer_id == _assignments.c.volunteer_id)
        .scalar_subquery()
    ),
    _statuses.insert().from_select(
        ["unit_id", "status", "valid_from"],
        sa.select(_units.c.id, _units.c.status, sa.literal(BEFORE_RECORDS, sa.Date)),
    ),
]


def upgrade():
    with op.batch_alter_table("special_assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_special_assignments_rank_id_ranks"), "ranks", ["rank_id"], ["id"], ondelete="SET NULL"
        )
    unit_fk = op.f("fk_cadet_unit_statuses_unit_id_cadet_units")
    op.create_table(
        "cadet_unit_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "unit_id",
            sa.Integer(),
            sa.ForeignKey("cadet_units.id", name=unit_fk, ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", UNIT_STATUS, nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cadet_unit_statuses")),
    )
    with op.batch_alter_table("cadet_unit_statuses", schema=None) as batch_op:
        batch_op.create_index("ix_cadet_unit_statuses_unit_dates", ["unit_id", "valid_from", "valid_to"])
    for statement in BACKFILL:
        op.execute(statement)


def downgrade():
    op.drop_table("cadet_unit_statuses")
    with op.batch_alter_table("special_assignments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_special_assignments_rank_id_ranks"), type_="foreignkey")
        batch_op.drop_column("rank_id")
