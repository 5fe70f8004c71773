"""duty sign-up: a duty records the booked sign-up it confirms, one duty per sign-up; pending duties indexed

Revision ID: 0018_duty_signup
Revises: 0017_shift_changes
Create Date: 2026-12-05 08:20:00

duties.signup_id points at the shift sign-up a volunteer confirmed with "I did this shift" (or logged from
the shift list); a unique index lets each sign-up be confirmed by one duty only, whatever races. Existing
duties logged from a shift are linked where that is unambiguous: the volunteer's sign-up to the duty's shift
exists and no other duty of theirs names the same shift. A partial index of pending duties serves the
approvals queue (oldest first).

SQLite adds a foreign key only by rebuilding the table (batch mode), which drops the table's triggers: the
overlap triggers of migration 0013 are created again afterwards (and on downgrade).
"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0018_duty_signup"
down_revision = "0017_shift_changes"
branch_labels = None
depends_on = None

FK = "fk_duties_signup_id_shift_signups"
PENDING = sa.text("status = 'pending'")

# A duty from a shift, the only one of its volunteer naming that shift, takes the volunteer's sign-up to it
# (shift_signups is unique on shift and volunteer, so the sub-select finds at most one).
BACKFILL = """
UPDATE duties SET signup_id = (
    SELECT s.id FROM shift_signups s WHERE s.shift_id = duties.shift_id AND s.volunteer_id = duties.volunteer_id
)
WHERE shift_id IS NOT NULL
  AND (SELECT count(*) FROM duties other
       WHERE other.shift_id = duties.shift_id AND other.volunteer_id = duties.volunteer_id) = 1
"""


def _overlap_triggers() -> dict[str, str]:
    """Migration 0013's SQLite overlap triggers (name: CREATE statement), read from that migration itself."""
    spec = importlib.util.spec_from_file_location("race_guards_0013", Path(__file__).with_name("0013_race_guards.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SQLITE_TRIGGERS


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a foreign key only by rebuilding the table, which loses its triggers: put 0013's back.
        triggers = _overlap_triggers()
        for name in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        with op.batch_alter_table("duties") as batch:
            batch.add_column(sa.Column("signup_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(FK, "shift_signups", ["signup_id"], ["id"], ondelete="SET NULL")
        for create in triggers.values():
            op.execute(create)
    else:
        op.add_column("duties", sa.Column("signup_id", sa.Integer(), nullable=True))
        op.create_foreign_key(FK, "duties", "shift_signups", ["signup_id"], ["id"], ondelete="SET NULL")
    op.execute(BACKFILL)
    op.create_index("ix_duties_signup_id", "duties", ["signup_id"], unique=True)
    op.create_index(
        "ix_duties_pending", "duties", ["starts_at", "id"], sqlite_where=PENDING, postgresql_where=PENDING
    )


def downgrade():
    op.drop_index("ix_duties_pending", table_name="duties")
    op.drop_index("ix_duties_signup_id", table_name="duties")
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot drop a column that holds a foreign key: the table is rebuilt, which loses its triggers.
        triggers = _overlap_triggers()
        for name in triggers:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        with op.batch_alter_table("duties") as batch:
            batch.drop_column("signup_id")
        for create in triggers.values():
            op.execute(create)
    else:
        op.drop_constraint(FK, "duties", type_="foreignkey")
        op.drop_column("duties", "signup_id")
