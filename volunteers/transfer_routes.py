"""CSV import and export of volunteers and applications."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from core.audit import record
from core.csvio import csv_response
from core.dates import today
from core.extensions import db
from core.permissions import STAFF, allow
from volunteers import bp, exports, imports, services
from volunteers.pipeline import imports as application_imports


class ImportForm(FlaskForm):
    file = FileField("CSV file", widget=GovFileInput())
    check = SubmitField("Check the file (nothing is saved)", widget=GovSubmitInput())
    run = SubmitField("Import", widget=GovSubmitInput())


def _import_page(importer, title: str, headers: list[str], required: list[str], back: str):
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload else b""
        if not data:
            form.file.errors = ["Choose a CSV file"]
        else:
            report = importer(data, dry_run=not form.run.data, today=today(), by=current_user.id)
            if report.dry_run or not report.ok:
                db.session.rollback()
                record(
                    "import_checked",
                    detail={"title": title, "rows": report.rows, "errors": len(report.errors), "fatal": report.fatal},
                    commit=True,
                )
    return render_template(
        "volunteers/import.html",
        form=form,
        report=report,
        title=title,
        headers=headers,
        required=required,
        back=back,
    )


@bp.route("/import", methods=["GET", "POST"])
@allow(STAFF)
def import_csv():
    """Import volunteers from a CSV file: check first, then all rows or none."""
    return _import_page(
        imports.import_volunteers,
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
        application_imports.import_applications,
        "Import applications",
        application_imports.HEADERS,
        application_imports.REQUIRED,
        "volunteers.applications",
    )


@bp.route("/applications/export.csv")
@allow(STAFF)
def export_applications():
    """Every application, as CSV."""
    rows = list(application_imports.export_rows(current_user))
    record("applications_exported", "application", None, detail={"rows": len(rows)}, commit=True)
    return csv_response(f"applications-{today().isoformat()}.csv", application_imports.EXPORT_HEADERS, rows)
