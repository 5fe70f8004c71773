"""CSV import and export of volunteers and applications."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from core.audit import record
from core.background.queue import enqueue
from core.csvio import MAX_IMPORT_BYTES, csv_response, safe_filename
from core.dates import today
from core.db import sqlite_write_intent
from core.extensions import db
from core.permissions import STAFF, allow, scoped_select
from volunteers import bp, exports, imports, services
from volunteers.models import Application
from volunteers.pipeline import imports as application_imports

EXPORT_INLINE_ROWS = 5_000  # more are exported by the background worker (a request never waits over 2 s)


class ImportForm(FlaskForm):
    file = FileField("CSV file", widget=GovFileInput())
    check = SubmitField("Check the file (nothing is saved)", widget=GovSubmitInput())
    run = SubmitField("Import", widget=GovSubmitInput())


def _import_page(kind: str, title: str, headers: list[str], required: list[str], back: str):
    """The upload form; the file is checked (and saved) by the background worker, whose page shows progress."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        if not data:
            form.file.errors = ["Choose a CSV file"]
        elif len(data) > MAX_IMPORT_BYTES:
            form.file.errors = [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB"]
        else:
            job = enqueue(
                kind,
                current_user.id,
                dry_run=not form.run.data,
                upload=data,
                upload_name=safe_filename(upload.filename or "upload.csv"),
                params={"today": today().isoformat()},
            )
            return redirect(url_for("worker.job", job_id=job.id))
    return render_template(
        "volunteers/import.html",
        form=form,
        report=None,
        title=title,
        headers=headers,
        required=required,
        back=back,
    )


def _export_in_background(kind: str, count: int, params: dict):
    """Large exports are made by the worker (the page links to the file); small ones answer at once."""
    if count <= current_app.config.get("EXPORT_INLINE_ROWS", EXPORT_INLINE_ROWS):
        return None
    db.session.rollback()  # this GET began a read transaction; the job is written in a writing one
    token = sqlite_write_intent.set(True)
    try:
        job = enqueue(kind, current_user.id, params=params)
    finally:
        sqlite_write_intent.reset(token)
    return redirect(url_for("worker.job", job_id=job.id))


@bp.route("/import", methods=["GET", "POST"])
@allow(STAFF)
def import_csv():
    """Import volunteers from a CSV file: check first, then all rows or none."""
    return _import_page(
        "volunteers",
        "Import volunteers",
        imports.VOLUNTEER_HEADERS,
        imports.VOLUNTEER_REQUIRED,
        "volunteers.index",
    )


@bp.route("/export.csv")
@allow(STAFF)
def export_csv():
    """The volunteers matching the list's filters, as CSV."""
    filters = services.parse_filters(request.args)
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(
            services.filtered_select(filters, current_user, counting=True).subquery()
        )
    )
    queued = _export_in_background("volunteer_export", count or 0, {"filters": filters.as_args()})
    if queued is not None:
        return queued
    rows = list(exports.export_rows(filters, current_user))
    record(
        "volunteers_exported", "volunteer", None, detail={"rows": len(rows), "filters": filters.as_args()}, commit=True
    )
    return csv_response(f"volunteers-{today().isoformat()}.csv", exports.EXPORT_HEADERS, rows)


@bp.route("/applications/import", methods=["GET", "POST"])
@allow(STAFF)
def import_applications():
    """Import applications from a CSV file: check first, then all rows or none."""
    return _import_page(
        "applications",
        "Import applications",
        application_imports.HEADERS,
        application_imports.REQUIRED,
        "volunteers.applications",
    )


@bp.route("/applications/export.csv")
@allow(STAFF)
def export_applications():
    """Every application, as CSV."""
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(scoped_select(Application, current_user).subquery())
    )
    queued = _export_in_background("application_export", count or 0, {})
    if queued is not None:
        return queued
    rows = list(application_imports.export_rows(current_user))
    record("applications_exported", "application", None, detail={"rows": len(rows)}, commit=True)
    return csv_response(f"applications-{today().isoformat()}.csv", application_imports.EXPORT_HEADERS, rows)
