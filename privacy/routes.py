"""Privacy administration: subject access, erasure, retention and the audit log viewer (admins only)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for

from core.csvio import safe_filename
from core.dates import day_in_range, today
from core.extensions import db
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import allow
from core.typed_dates import DateProblem, date_from_query, query_boxes
from privacy import audit_sentences, bp, services
from privacy.audit_log import AuditFilter, known_values, page_of_events
from privacy.forms import EraseForm, ExportForm, RetentionForm
from privacy.graph import collect_rows
from volunteers.models import Volunteer

register_nav("Privacy", "privacy.index", {Role.ADMIN}, order=92)
register_nav("Audit log", "privacy.audit_log", {Role.ADMIN}, order=94)


def _int_arg(name: str) -> int | None:
    value = (request.args.get(name) or "").strip()
    return whole_number(value)


def _date_arg(name: str, label: str) -> date | None:
    """A filter date typed in the <name>-day/-month/-year boxes (or an older link's ?name=2026-07-01).

    One that is not a real date from 1900 to 2999 is left out, and the page says why.
    """
    try:
        day = date_from_query(request.args, name)
    except DateProblem as problem:
        flash(f"{problem.message(label)}: that filter was left out", "info")
        return None
    if day is not None and not day_in_range(day):
        flash(f"{label} must be between 1900 and 2999: that filter was left out", "info")
        return None
    return day


@bp.route("/")
@allow(Role.ADMIN)
def index():
    """Find a person to export or erase."""
    q = (request.args.get("q") or "").strip()[:80]
    found = []
    if q:
        stmt = sa.select(Volunteer).order_by(Volunteer.last_name, Volunteer.first_name).limit(50)
        if q.isdigit():  # a record number: one that cannot exist finds nobody
            stmt = stmt.where(Volunteer.id == (whole_number(q) or 0))
        else:
            like = f"%{q.lower()}%"
            stmt = stmt.where(
                sa.or_(
                    sa.func.lower(Volunteer.first_name + " " + Volunteer.last_name).like(like),
                    sa.func.lower(Volunteer.email).like(like),
                )
            )
        found = db.session.scalars(stmt).all()
    return render_template("privacy/index.html", q=q, found=found, schedule=services.schedule())


def _volunteer_or_404(volunteer_id: int) -> Volunteer:
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None:
        abort(404)
    return volunteer


@bp.route("/volunteers/<int:volunteer_id>", methods=["GET"])
@allow(Role.ADMIN)
def person(volunteer_id: int):
    """What is held about one person, with the export and erase actions."""
    volunteer = _volunteer_or_404(volunteer_id)
    counts = {name: len(rows) for name, rows in collect_rows(volunteer_id).items()}
    return render_template(
        "privacy/person.html",
        volunteer=volunteer,
        counts=counts,
        erased=services.is_erased(volunteer.first_name, volunteer.last_name),
        export_form=ExportForm(),
        erase_form=EraseForm(),
    )


@bp.route("/volunteers/<int:volunteer_id>/export", methods=["POST"])
@allow(Role.ADMIN)
def export(volunteer_id: int):
    """Download the subject access ZIP."""
    _volunteer_or_404(volunteer_id)
    form = ExportForm()
    if not form.validate_on_submit():
        return redirect(url_for("privacy.person", volunteer_id=volunteer_id))
    data = services.subject_access_zip(volunteer_id)
    if data is None:
        abort(404)
    response = Response(data, mimetype="application/zip")
    name = safe_filename(f"subject-access-volunteer-{volunteer_id}-{today().isoformat()}.zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/volunteers/<int:volunteer_id>/erase", methods=["POST"])
@allow(Role.ADMIN)
def erase(volunteer_id: int):
    """Erase (anonymise) the person, keeping aggregate figures true."""
    volunteer = _volunteer_or_404(volunteer_id)
    form = EraseForm()
    if form.validate_on_submit():
        report = services.erase(volunteer_id, form.reason.data)
        flash(
            f"{services.erased_label(volunteer_id)}: {sum(report.rows_by_table.values())} records anonymised, "
            f"{len(report.files_regenerated)} stored files made again, {len(report.files_redacted)} redacted, "
            f"{len(report.files_removed)} removed.",
            "success",
        )
        return redirect(url_for("privacy.person", volunteer_id=volunteer_id))
    counts = {name: len(rows) for name, rows in collect_rows(volunteer_id).items()}
    return render_template(
        "privacy/person.html",
        volunteer=volunteer,
        counts=counts,
        erased=services.is_erased(volunteer.first_name, volunteer.last_name),
        export_form=ExportForm(),
        erase_form=form,
    )


@bp.route("/retention", methods=["GET", "POST"])
@allow(Role.ADMIN)
def retention():
    """The retention schedule: a dry run on every view, applied on request."""
    form = RetentionForm()
    if form.validate_on_submit():
        report = services.apply_retention(dry_run=False)
        flash(f"Retention applied: {report.total} records dealt with.", "success")
        return redirect(url_for("privacy.retention"))
    report = services.apply_retention(dry_run=True)
    return render_template("privacy/retention.html", report=report, form=form, schedule=services.schedule())


@bp.route("/audit")
@allow(Role.ADMIN)
def audit_log():
    """The audit trail with filters (action, actor, object, London dates) and pages."""
    filters = AuditFilter(
        action=(request.args.get("action") or "").strip()[:60] or None,
        actor=(request.args.get("actor") or "").strip()[:254] or None,
        object_type=(request.args.get("object_type") or "").strip()[:60] or None,
        object_id=_int_arg("object_id"),
        date_from=_date_arg("from", "The from date"),
        date_to=_date_arg("to", "The to date"),
    )
    page = _int_arg("page") or 1
    events = page_of_events(filters, page)
    actions, object_types = known_values()
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "privacy/audit_log.html",
        events=events,
        sentences=audit_sentences.sentences(events.items),
        filters=filters,
        from_boxes=query_boxes(request.args, "from"),
        to_boxes=query_boxes(request.args, "to"),
        actions=actions,
        object_types=object_types,
        page_url=lambda n: url_for("privacy.audit_log", page=n, **args),
    )
