"""Reviewing duties: the approvals queue (paged, filtered, approve a selection or the page), approve or reject one."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.params import whole_number
from core.permissions import STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.duties.forms import ApproveForm, RejectForm
from scheduling.duties.queue import QueueFilters, queue_choices, queue_page
from scheduling.duties.review import Decisions, approve_duties, approve_duty, reject_duty
from scheduling.duties.review_forms import BulkApproveForm
from scheduling.duties.window import logged_late
from scheduling.models import Duty, DutyType


def _queue(form: BulkApproveForm, filters: QueueFilters, page: int, status: int = 200):
    result = queue_page(current_user, filters, page, current_app.config["PAGE_SIZE"])
    return (
        render_template(
            "scheduling/approvals.html",
            queue=result,
            choices=queue_choices(current_user),
            types=list(DutyType),
            form=form,
            late={d.id for d in result.items if logged_late(d)},
        ),
        status,
    )


@bp.route("/duties/approvals")
@allow(STAFF_AND_SUPERVISORS)
def approvals():
    """Duties waiting for approval in the reviewer's area, oldest first, a page at a time."""
    filters = QueueFilters.from_args(request.args)
    return _queue(BulkApproveForm(), filters, whole_number(request.args.get("page")) or 1)


def _said(decisions: Decisions) -> None:
    if decisions.approved:
        count = len(decisions.approved)
        flash(f"{count} {'duty' if count == 1 else 'duties'} approved", "success")
    skipped = [f"{d.volunteer.full_name}'s duty on {d.duty_date:%-d %B %Y}: {why}" for d, why in decisions.skipped]
    if decisions.not_found:
        skipped.append(f"{decisions.not_found} no longer in your queue")
    if skipped:
        flash("Not approved: " + "; ".join(skipped), "warning")


@bp.route("/duties/approvals/approve", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def approve_many():
    """Approve the ticked duties, or every duty the page showed, in one action (each audited)."""
    form = BulkApproveForm()
    filters = QueueFilters.from_args(request.args)
    page = whole_number(request.args.get("page")) or 1
    if not form.validate_on_submit():
        abort(400)
    chosen = form.page_duty.data if form.action.data == "page" else form.duty.data
    ids = [i for i in (whole_number(v) for v in chosen or []) if i is not None]
    if not ids:
        form.duty.errors = ["Choose at least one duty to approve, or approve every duty on the page"]
        return _queue(form, filters, page, status=422)
    try:
        decisions = commit_unit(lambda: approve_duties(ids, current_user))
    except Refusal as problem:
        flash_refusal(problem)
    else:
        _said(decisions)
    return redirect(url_for("scheduling.approvals", **filters.args(), page=page))


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
    return redirect(url_for("scheduling.duty", duty_id=item.id))


@bp.route("/duties/<int:duty_id>/reject", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def reject(duty_id: int):
    """Reject a pending duty with a reason."""
    item = get_scoped_or_404(Duty, duty_id)
    form = RejectForm(prefix="reject")
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
