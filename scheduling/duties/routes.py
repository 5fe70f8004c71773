"""Duty screens: log, list, edit, approve or reject, import from CSV."""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.background.queue import enqueue
from core.csvio import MAX_IMPORT_BYTES, safe_filename
from core.dates import LONDON
from core.extensions import db
from core.models import AuditEvent, Role
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp, choices
from scheduling.duties import importer
from scheduling.duties.forms import ApproveForm, DutyForm, ImportForm, RejectForm
from scheduling.duties.services import (
    DutyInput,
    approve_duty,
    duties_for,
    log_duty,
    may_review,
    page_of,
    reject_duty,
    shifts_to_log,
    update_duty,
)
from scheduling.models import Duty, DutyStatus, DutyType

LOGGERS = STAFF | {Role.VOLUNTEER}
READERS = STAFF_AND_SUPERVISORS | {Role.VOLUNTEER}

register_nav("My duties", "scheduling.duties", {Role.VOLUNTEER}, order=22)
register_nav("Log a duty", "scheduling.log_duty", {Role.VOLUNTEER}, order=23)
register_nav("Duties to approve", "scheduling.approvals", STAFF_AND_SUPERVISORS, order=24)


def _fill_choices(form: DutyForm) -> None:
    form.district_id.choices = [("", "Not recorded")] + [(str(i), n) for i, n in choices.districts()]
    form.parish_id.choices = [("", "Not recorded")] + [(str(i), n) for i, n in choices.parishes_with_district()]
    if current_user.role in STAFF:
        form.volunteer_id.choices = [("", "Choose a volunteer")] + [(str(i), n) for i, n in choices.volunteers()]
        form.shift_id.choices = [("", "Not from a shift")]
    else:
        shifts = shifts_to_log(current_user.volunteer_id)
        form.shift_id.choices = [("", "Not from a shift (ad hoc)")] + [
            (str(s.id), f"{s.title}, {s.starts_at.astimezone(LONDON):%-d %b %H:%M}") for s in shifts
        ]


def _input_from(form: DutyForm, volunteer_id: int) -> DutyInput:
    return DutyInput(
        volunteer_id=volunteer_id,
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        end_day=form.end_day.data,
        duty_type=DutyType(form.duty_type.data),
        place=form.place.data,
        district_id=whole_number(form.district_id.data),
        parish_id=whole_number(form.parish_id.data),
        is_esp=form.is_esp.data == "yes",
        notes=form.notes.data,
        shift_id=whole_number(form.shift_id.data),
    )


def _prefill_from_shift(form: DutyForm, shift_id: int | None) -> None:
    if shift_id is None or request.method != "GET":
        return
    shift = next((s for s in shifts_to_log(current_user.volunteer_id) if s.id == shift_id), None)
    if shift is None:
        return
    start, end = shift.starts_at.astimezone(LONDON), shift.ends_at.astimezone(LONDON)
    form.shift_id.data = str(shift.id)
    form.day.data, form.start.data = start.date(), start.time()
    form.end.data = end.time()
    form.end_day.data = end.date() if end.date() != start.date() else None
    form.duty_type.data = shift.shift_type.value
    form.place.data = shift.place
    form.district_id.data = str(shift.district_id or "")
    form.parish_id.data = str(shift.parish_id or "")


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


@bp.route("/duties/approvals")
@allow(STAFF_AND_SUPERVISORS)
def approvals():
    """Duties waiting for approval in the reviewer's scope, oldest first."""
    rows = db.session.scalars(
        duties_for(current_user, DutyStatus.PENDING).order_by(None).order_by(Duty.starts_at).limit(200)
    ).all()
    return render_template("scheduling/approvals.html", duties=rows)


@bp.route("/duties/new", methods=["GET", "POST"], endpoint="log_duty")
@allow(LOGGERS)
def log_duty_view():
    """Log a duty, from a booked shift or ad hoc (coordinators may log for anyone)."""
    form = DutyForm()
    _fill_choices(form)
    _prefill_from_shift(form, whole_number(request.args.get("shift_id")))
    if form.validate_on_submit():
        volunteer_id = whole_number(form.volunteer_id.data) if current_user.role in STAFF else current_user.volunteer_id
        if volunteer_id is None:
            form.volunteer_id.errors = ["Choose a volunteer"]
        else:
            inp = _input_from(form, volunteer_id)
            try:
                duty = commit_unit(lambda: log_duty(inp, current_user))
            except Refusal as problem:
                show_refusal(form, problem)
            else:
                flash(
                    "Duty saved" + ("" if duty.status == DutyStatus.APPROVED else ": a supervisor will approve it"),
                    "success",
                )
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
        reject_form=RejectForm(),
    )


@bp.route("/duties/<int:duty_id>/edit", methods=["GET", "POST"])
@allow(LOGGERS)
def edit_duty(duty_id: int):
    """Change a duty; an approved one goes back for approval."""
    item = get_scoped_or_404(Duty, duty_id)
    form = DutyForm(obj=None if request.method == "POST" else _form_data(item))
    _fill_choices(form)
    if item.shift_id is not None:
        form.shift_id.choices = [(str(item.shift_id), "The shift this duty came from"), ("", "Not from a shift")]
    if form.validate_on_submit():
        inp = _input_from(form, item.volunteer_id)
        try:
            commit_unit(lambda: update_duty(item, inp, current_user))
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            flash("Duty changed: it will be approved again", "success")
            return redirect(url_for("scheduling.duty", duty_id=item.id))
    return render_template("scheduling/duty_form.html", form=form, duty=item, staff=current_user.role in STAFF)


def _form_data(item: Duty) -> SimpleNamespace:
    start, end = item.starts_at.astimezone(LONDON), item.ends_at.astimezone(LONDON)
    return SimpleNamespace(
        volunteer_id=str(item.volunteer_id),
        shift_id=str(item.shift_id or ""),
        day=start.date(),
        start=start.time(),
        end=end.time(),
        end_day=end.date() if end.date() != start.date() else None,
        duty_type=item.duty_type.value,
        place=item.place,
        district_id=str(item.district_id or ""),
        parish_id=str(item.parish_id or ""),
        is_esp="yes" if item.is_esp else "no",
        notes=item.notes,
    )


@bp.route("/duties/<int:duty_id>/approve", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def approve(duty_id: int):
    """Approve a pending duty."""
    item = get_scoped_or_404(Duty, duty_id)
    if not ApproveForm().validate_on_submit():
        abort(400)
    try:
        commit_unit(lambda: approve_duty(item, current_user))
    except Refusal as problem:
        flash_refusal(problem)
    else:
        flash(f"Duty approved for {item.volunteer.full_name}", "success")
    if request.form.get("back") == "list":
        return redirect(url_for("scheduling.approvals"))
    return redirect(url_for("scheduling.duty", duty_id=item.id))


@bp.route("/duties/<int:duty_id>/reject", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def reject(duty_id: int):
    """Reject a pending duty with a reason."""
    item = get_scoped_or_404(Duty, duty_id)
    form = RejectForm()
    if not form.validate_on_submit():
        flash("Give a reason for rejecting the duty", "error")
        return redirect(url_for("scheduling.duty", duty_id=item.id))
    try:
        commit_unit(lambda: reject_duty(item, current_user, form.reason.data))
    except Refusal as problem:
        flash_refusal(problem)
    else:
        flash(f"Duty rejected for {item.volunteer.full_name}", "success")
    return redirect(url_for("scheduling.duty", duty_id=item.id))


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
