"""background jobs: imports, exports and reports run by the worker, with progress; the worker's heartbeat

Revision ID: 0014_background_jobs
Revises: 0012_data_versions
Create Date: 2026-12-04 17:40:00

A job row records its kind, who asked, its state (queued, running, done, failed), progress (rows checked
and saved), refusals (line and reason) and result; the uploaded file is kept in the row so the real import
reuses the dry run's file. The worker (``flask scheduler run``) claims queued rows and writes a heartbeat
that ``/readyz`` reads.
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0014_background_jobs"
down_revision = "0013_race_guards"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "background_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("queued", "running", "done", "failed", name="jobstate", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("upload", sa.LargeBinary(), nullable=True),
        sa.Column("upload_name", sa.String(length=200), nullable=True),
        sa.Column("source_job_id", sa.Integer(), nullable=True),
        sa.Column("phase", sa.String(length=40), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("rows_checked", sa.Integer(), nullable=False),
        sa.Column("rows_saved", sa.Integer(), nullable=False),
        sa.Column("refusals", sa.JSON(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("output", sa.LargeBinary(), nullable=True),
        sa.Column("output_name", sa.String(length=200), nullable=True),
        sa.Column("output_type", sa.String(length=80), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("progress_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_background_jobs_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_job_id"],
            ["background_jobs.id"],
            name=op.f("fk_background_jobs_source_job_id_background_jobs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_jobs")),
    )
    with op.batch_alter_table("background_jobs", schema=None) as batch_op:
        batch_op.create_index("ix_background_jobs_state_id", ["state", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_background_jobs_requested_by_id"), ["requested_by_id"], unique=False)
    op.create_table(
        "worker_heartbeats",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("started_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("beat_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_worker_heartbeats")),
    )


def downgrade():
    op.drop_table("worker_heartbeats")
    with op.batch_alter_table("background_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_background_jobs_requested_by_id"))
        batch_op.drop_index("ix_background_jobs_state_id")
    op.drop_table("background_jobs")
