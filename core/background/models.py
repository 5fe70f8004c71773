"""The job table (imports, exports, reports run by the worker) and the worker's heartbeat."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import LabelledEnum, enum_type


class JobState(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BackgroundJob(db.Model):
    """One piece of background work: what was asked, by whom, its progress, refusals and result.

    The uploaded file is kept in the row (``upload``), so a dry run's file serves the real import too,
    and any server can show the progress; a result file (an export's CSV) is kept in ``output``.
    """

    __tablename__ = "background_jobs"
    __table_args__ = (sa.Index("ix_background_jobs_state_id", "state", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    dry_run: Mapped[bool] = mapped_column(default=False)
    state: Mapped[JobState] = mapped_column(enum_type(JobState), default=JobState.QUEUED)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    upload: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    upload_name: Mapped[str | None] = mapped_column(sa.String(200))
    source_job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("background_jobs.id", ondelete="SET NULL"))
    phase: Mapped[str | None] = mapped_column(sa.String(40))
    rows_total: Mapped[int | None] = mapped_column()
    rows_checked: Mapped[int] = mapped_column(default=0)
    rows_saved: Mapped[int] = mapped_column(default=0)
    refusals: Mapped[list | None] = mapped_column(sa.JSON)  # [[line, reason], ...]
    message: Mapped[str | None] = mapped_column(sa.Text)  # why the whole job failed (or a summary)
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    output: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    output_name: Mapped[str | None] = mapped_column(sa.String(200))
    output_type: Mapped[str | None] = mapped_column(sa.String(80))
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    progress_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Whether the made file is still kept (retention drops it), read without loading its bytes.
    has_output: Mapped[bool] = column_property(output.column.is_not(None))

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)


class WorkerHeartbeat(db.Model):
    """The last sign of life of each worker process (host and process id)."""

    __tablename__ = "worker_heartbeats"
    name: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
