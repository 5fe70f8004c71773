"""calendar versions: a shift and a sign-up count their changes and say when they last changed

Revision ID: 0019a_calendar_versions
Revises: 0019_equality
Create Date: 2026-12-05 11:40:00

The calendar feed gives each event SEQUENCE (the shift's changes plus the sign-up's) and LAST-MODIFIED,
so a calendar that subscribed replaces a changed or cancelled shift instead of keeping the old one.
Existing rows start at sequence 0, last changed when they were made (a cancelled shift: when cancelled).
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0019a_calendar_versions"
down_revision = "0019_equality"
branch_labels = None
depends_on = None


# SQLite adds a NOT NULL column without rebuilding the table only with a constant default: the rows are
# then given their real times (a rebuild would lose the partial indexes that guard sign-ups).
PLACEHOLDER = sa.text("'2000-01-01 00:00:00'")


def upgrade() -> None:
    for table in ("shifts", "shift_signups"):
        op.add_column(table, sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))
        op.add_column(
            table,
            sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False, server_default=PLACEHOLDER),
        )
    op.execute("UPDATE shifts SET updated_at = COALESCE(cancelled_at, created_at)")
    op.execute("UPDATE shift_signups SET updated_at = signed_up_at")
    if op.get_bind().dialect.name == "postgresql":
        for table in ("shifts", "shift_signups"):
            op.alter_column(table, "updated_at", server_default=None)


def downgrade() -> None:
    for table in ("shifts", "shift_signups"):
        op.drop_column(table, "updated_at")  # SQLite drops a plain column in place (3.35 and later)
        op.drop_column(table, "sequence")
