"""stored files: generated reports (and later uploads) kept in the database; the dashboard's data version

Revision ID: 0015_stored_files
Revises: 0012_data_versions
Create Date: 2026-12-04 17:40:00

Reports were written under CIP_REPORTS_DIR on one server's disk; from now on they are rows of stored_files
(core.files), so every app server can serve them and backups include them. Files already on disk are not
copied in: their runs keep their names but no longer offer a download (run the report again for the period).
The dashboard's figures are kept under a new data version, "dashboard", which starts at 1.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_stored_files"
down_revision = "0014_background_jobs"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_type", sa.String(length=40), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_stored_files_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_files_kind"), ["kind"], unique=False)
        batch_op.create_index("ix_stored_files_owner", ["owner_type", "owner_id"], unique=False)
    # The stamp may exist already: a write renews every version covering its tables, this one included.
    op.execute(
        "INSERT INTO data_versions (name, version) SELECT 'dashboard', 1 "
        "WHERE NOT EXISTS (SELECT 1 FROM data_versions WHERE name = 'dashboard')"
    )


def downgrade():
    op.execute("DELETE FROM data_versions WHERE name = 'dashboard'")
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index("ix_stored_files_owner")
        batch_op.drop_index(batch_op.f("ix_stored_files_kind"))
    op.drop_table("stored_files")
