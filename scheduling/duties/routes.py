"""Duty screens: log, list, change, import from CSV (review: review_routes.py; "I did this shift":
did_shift_routes.py)."""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.background.queue import enqueue
from core.csvio import MAX_IMPORT_BYTES, safe_filename
from core.dates import today
from core.extensions import db
from core.models import AuditEvent, Parish, Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.duties import importer
from scheduling.duties.did_shift import default_parish, duty_from_shift
from scheduling.duties.form_data import duty_input, fill_choices, form_data, input_from
from scheduling.duties.forms import ApproveForm, DutyForm, ImportForm, RejectForm
from scheduling.duties.lists import duties_for, finished_bookings, page_of
from scheduling.duties.review import may_review
from scheduling.duties.services import log_duty, update_duty
from scheduling.duties.window import flash_saved, late_warning
from scheduling.models import Duty, DutyStatus

LOGGERS = STAFF | {Role.VOLUNTEER}
READERS = STAFF_AND_SUPERVISORS | {Role.VOLUNTEER}

register_nav("My duties", "scheduling.duties", {Role.VOLUNTEER}, order=22)
register_nav("Log a duty", "scheduling.log_duty", {Role.VOLUNTEER}, order=23)
register_nav("Duties to approve", "scheduling.approvals", STAFF_AND_SUPERVISORS, order=24)


def _starting_values(shift_id: int | None) -> SimpleNamespace | None:
    """A volunteer's new duty starts from the finished shift it is logged from, or for a CSC from their own
    parish today (None: the form's own defaults)."""
    if request.method != "GET" or current_user.role != Role.VOLUNTEER:
        return None
    if shift_id is not None:
        booked = finished_bookings(current_user.volunteer_id, limit=50)
        signup = next((s for s in booked if s.shift_id == shift_id), None)
        if signup is not None:
            return form_data(duty_from_shift(signup))
    parish_id = default_parish(current_user.volunteer_id, None, today())
    if parish_id is None:
        return None
    return SimpleNamespace(parish_id=str(parish_id), district_id=str(db.session.get(Parish, parish_id).district_id))


@bp.route("/duties")
@allow(READERS)
def duties():
    """Duties: a volunteer's own; supervisors and staff see those in their scope."""
    status = request.args.get("status") or None
    status = DutyStatus(status) if status in {s.value for s in DutyStatus} else None
    page = max(whole_number(request.args.get("page")) or 1, 1)
    size = current_app.config["PAGE_SIZE"]
    rows, total = page_of(duties_for(current_user, status), page, size)
    pager = SimpleNamespace(page=page, pages=max((total + size - 1) // size, 1))
    return render_template(
        "scheduling/duties.html", duties=rows, total=total, status=status, statuses=list(DutyStatus), pager=pager
    )


@bp.route("/duties/new", methods=["GET", "POST"], endpoint="log_duty")
@allow(LOGGERS)
def log_duty_view():
    """Log a duty, from a booked shift or ad hoc (coordinators may log for anyone)."""
    form = DutyForm(obj=_starting_values(whole_number(request.args.get("shift_id"))))
    fill_choices(form)
    if form.validate_on_submit():
        volunteer_id = whole_number(form.volunteer_id.data) if current_user.role in STAFF else current_user.volunteer_id
        if volunteer_id is None:
            form.volunteer_id.errors = ["Choose a volunteer"]
        else:
            inp = input_from(form, volunteer_id)
            try:
                duty = commit_unit(lambda: log_duty(inp, current_user))
            except Refusal as problem:
                show_refusal(form, problem)
            else:
                flash_saved(duty)
                return redirect(url_for("scheduling.duty", duty_id=duty.id))
    return render_template("scheduling/duty_form.html", form=form, duty=None, staff=current_user.role in STAFF)


@bp.route("/duties/<int:duty_id>")
@allow(READERS)
def duty(duty_id: int):
    """One duty, its review and its history."""
    item = get_scoped_or_404(Duty, duty_id)
    history = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == "duty", AuditEvent.object_id == item.id)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    return render_template(
        "scheduling/duty.html",
        duty=item,
        history=history,
        can_review=may_review(current_user, item) and item.status == DutyStatus.PENDING,
        can_edit=current_user.role in STAFF or current_user.volunteer_id == item.volunteer_id,
        approve_form=ApproveForm(),
        reject_form=RejectForm(prefix="reject"),  # ids unique beside the approve form's
    )


@bp.route("/duties/<int:duty_id>/edit", methods=["GET", "POST"])
@allow(LOGGERS)
def edit_duty(duty_id: int):
    """Change a duty; an approved one goes back for approval."""
    item = get_scoped_or_404(Duty, duty_id)
    form = DutyForm(obj=None if request.method == "POST" else form_data(duty_input(item)))
    fill_choices(form)
    if item.shift_id is not None:
        form.shift_id.choices = [(str(item.shift_id), "The shift this duty came from"), ("", "Not from a shift")]
    if form.validate_on_submit():
        inp = input_from(form, item.volunteer_id)
        try:
            commit_unit(lambda: update_duty(item, inp, current_user))
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            flash("Duty changed: it will be approved again", "success")
            if warning := late_warning(item.duty_date):
                flash(warning, "warning")
            return redirect(url_for("scheduling.duty", duty_id=item.id))
    return render_template("scheduling/duty_form.html", form=form, duty=item, staff=current_user.role in STAFF)


@bp.route("/duties/import", methods=["GET", "POST"])
@allow(STAFF)
def import_duties():
    """Import duties from CSV: check first (dry run), then import all or nothing."""
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.file.errors = ["Choose a CSV file"]
        else:
            data = upload.read()
            if len(data) > MAX_IMPORT_BYTES:
                form.file.errors = [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB"]
            else:  # checked (and saved) by the background worker; its progress page shows how far it is
                job = enqueue(
                    "duties",
                    current_user.id,
                    dry_run=form.mode.data != "import",
                    upload=data,
                    upload_name=safe_filename(upload.filename),
                )
                return redirect(url_for("worker.job", job_id=job.id))
    return render_template("scheduling/import.html", form=form, result=result, columns=importer.COLUMNS)
