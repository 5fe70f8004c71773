"""data versions: a stamp per group of tables, renewed by every transaction that writes to them

Revision ID: 0012_data_versions
Revises: 0011_rank_and_unit_history
Create Date: 2026-11-22 18:30:00

Web processes keep what they computed from those tables (the volunteer list's count and filter choices,
the roster's figures) under the version they read (core.data_versions). Each row starts at 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_data_versions"
down_revision = "0011_rank_and_unit_history"
branch_labels = None
depends_on = None


def upgrade():
    versions = op.create_table(
        "data_versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_versions")),
    )
    op.bulk_insert(versions, [{"name": name, "version": 1} for name in ("roster", "volunteer_list")])


def downgrade():
    op.drop_table("data_versions")
