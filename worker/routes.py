"""The progress page of a background job (refreshing itself until it ends), its result and its refusals."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import undefer

from core.audit import record
from core.background import queue
from core.background.models import BackgroundJob, JobState
from core.csvio import csv_response, safe_filename
from core.extensions import db
from core.models import Role
from core.permissions import STAFF, allow
from worker import bp
from worker.kinds import KINDS

REFRESH_SECONDS = 2
REFUSALS_SHOWN = 500


def _own_job_or_404(job_id: int, *options) -> BackgroundJob:
    """The job, if the current user asked for it (an administrator sees every job)."""
    job = db.session.scalars(sa.select(BackgroundJob).where(BackgroundJob.id == job_id).options(*options)).first()
    if job is None or (job.requested_by_id != current_user.id and current_user.role != Role.ADMIN):
        abort(404)
    return job


@bp.route("/<int:job_id>")
@allow(STAFF)
def job(job_id: int):
    """A job's progress: rows checked and saved, refusals; refreshes itself every 2 s until it ends."""
    item = _own_job_or_404(job_id)
    kind = KINDS.get(item.kind)
    refusals = item.refusals or []
    return render_template(
        "worker/job.html",
        job=item,
        kind=kind,
        refusals=refusals[:REFUSALS_SHOWN],
        refused=len(refusals),
        refresh=None if item.finished else REFRESH_SECONDS,
        form=FlaskForm(),
    )


@bp.route("/<int:job_id>/import", methods=["POST"])
@allow(STAFF)
def run_import(job_id: int):
    """Import the rows a successful dry run checked, from the same file (no second upload)."""
    checked = _own_job_or_404(job_id, undefer(BackgroundJob.upload))
    kind = KINDS.get(checked.kind)
    ok = checked.state == JobState.DONE and (checked.result or {}).get("ok") and not checked.refusals
    if checked.upload is None and ok:
        abort(400, description="The checked file is no longer kept: upload it again for a new check")
    if not (FlaskForm().validate_on_submit() and kind and kind.is_import and checked.dry_run and ok):
        abort(400, description="Only a dry run that found no problems can be imported")
    upload, name, params = checked.upload, checked.upload_name, dict(checked.params or {})
    again = queue.enqueue(
        checked.kind,
        current_user.id,
        dry_run=False,
        upload=upload,
        upload_name=name,
        params=params,
        source_job_id=checked.id,
    )
    return redirect(url_for("worker.job", job_id=again.id))


@bp.route("/<int:job_id>/refusals.csv")
@allow(STAFF)
def refusals(job_id: int):
    """Every refused row of an import (line and reason), as CSV."""
    item = _own_job_or_404(job_id)
    return csv_response(f"refusals-job-{item.id}.csv", ["line", "reason"], item.refusals or [])


@bp.route("/<int:job_id>/download")
@allow(STAFF)
def download(job_id: int):
    """The file a finished job made (an export)."""
    item = _own_job_or_404(job_id, undefer(BackgroundJob.output))
    if item.state != JobState.DONE or item.output is None:
        abort(404)
    record("export_downloaded", "background_job", item.id, detail={"kind": item.kind}, commit=True)
    response = Response(item.output, mimetype=item.output_type or "application/octet-stream")
    response.headers["Content-Disposition"] = f'attachment; filename="{safe_filename(item.output_name or "")}"'
    response.headers["Cache-Control"] = "no-store"
    return response
