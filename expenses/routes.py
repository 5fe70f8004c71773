"""Claims: a volunteer claims on a phone and follows each claim; a supervisor approves (one or many) or rejects."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.files import StoredFile, stored_file_response
from core.models import Role
from core.navigation import register_nav
from core.params import whole_number
from core.period_picker import pick_period
from core.permissions import STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from expenses import bp
from expenses.approval import approve_claim, approve_claims, claims_waiting, reject_claim, waiting_count
from expenses.claims import ENTERED_AMOUNT, ClaimInput, claimable_duties, submit_claim
from expenses.figures import ClaimFilter, claims_select
from expenses.forms import KIND_HINTS, ApproveForm, BulkApproveForm, ChooseKindForm, ClaimForm, RejectForm
from expenses.models import ClaimKind, ClaimState, ExpenseClaim
from expenses.receipts import NEEDS_RECEIPT, Upload
from expenses.training import claimable_training, refuse_kind_for_training

PER_PAGE = 50
RECEIPT_LABELS = {
    ClaimKind.MILEAGE: "Photo or PDF of a receipt, such as parking (optional)",
    ClaimKind.LOSS_OF_EARNINGS: "Evidence of the earnings lost (photo or PDF)",
}
register_nav("My expenses", "expenses.claims", {Role.VOLUNTEER}, order=25)
register_nav("Expenses", "expenses.claims", STAFF_AND_SUPERVISORS, order=27)
VIEWERS = (*STAFF_AND_SUPERVISORS, Role.VOLUNTEER, Role.PARISH)


@bp.app_context_processor
def _waiting_for_templates() -> dict:
    """``expense_claims_waiting()`` for the supervisor's home page (counted only when a page asks)."""
    return {"expense_claims_waiting": lambda: waiting_count(current_user)}


@bp.route("/claims")
@allow(*VIEWERS)
def claims():
    """Claims the user may see (a volunteer's own, a command's, a council's), filtered by state or by a figure."""
    period = None
    if any(key.startswith(("from-", "to-", "month-")) for key in request.args):
        period = pick_period(request.args, today(), (today(), today()))
    chosen = ClaimFilter.from_args(request.args, *(period.start, period.end) if period and not period.error else ())
    stmt = claims_select(current_user, chosen).order_by(ExpenseClaim.duty_day.desc(), ExpenseClaim.id.desc())
    page = db.paginate(stmt, page=whole_number(request.args.get("page")) or 1, per_page=PER_PAGE, error_out=False)
    waiting = waiting_count(current_user) if current_user.role in STAFF_AND_SUPERVISORS else None
    return render_template(
        "expenses/claims.html", page=page, chosen=chosen, period=period, states=list(ClaimState), waiting=waiting
    )


def _kind_of(value: str | None) -> ClaimKind | None:
    return next((k for k in ClaimKind if k.value == value), None)


def _training_refused(kind: ClaimKind) -> str | None:
    """Why this kind cannot be claimed for a training course, or None."""
    try:
        refuse_kind_for_training(kind)
    except Refusal as refusal:
        return refusal.message
    return None


def _claim_form_page(form: ClaimForm, kind: ClaimKind, training: bool, status: int = 200):
    courses = claimable_training(current_user.volunteer_id, kind) if training else []
    form.training_record.choices = [(r.id, f"{r.course}, {r.completed_on:%a %-d %b %Y}") for r in courses]
    duties = [] if training else claimable_duties(current_user.volunteer_id, kind)
    form.duties.choices = [
        (
            d.id,
            f"{d.duty_date:%a %-d %b %Y}, {d.minutes / 60:g} hours, {d.duty_type.label}"
            + (f", {d.place}" if d.place else ""),
        )
        for d in duties
    ]
    return (
        render_template(
            "expenses/claim_form.html",
            form=form,
            kind=kind,
            hint=KIND_HINTS[kind],
            entered=kind in ENTERED_AMOUNT,
            receipt_label=RECEIPT_LABELS.get(kind, "Photo or PDF of the receipt" if kind in NEEDS_RECEIPT else None),
            duties=duties,
            training=training,
            courses=courses,
            not_for_training=_training_refused(kind) if training else None,
        ),
        status,
    )


@bp.route("/claims/new", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def claim_new():
    """Claim against one's own approved duties or a training course: first what for, then the questions that kind
    needs."""
    kind = _kind_of(request.args.get("kind"))
    if kind is None:
        chooser = ChooseKindForm(request.args)
        asked = "kind" in request.args
        if asked:
            chooser.validate()
        return render_template("expenses/claim_kind.html", form=chooser, hints=KIND_HINTS, asked=asked), (
            422 if asked else 200
        )
    training = request.args.get("covers") == "training"
    form = ClaimForm()
    if request.method == "GET":
        return _claim_form_page(form, kind, training)
    _claim_form_page(form, kind, training)  # the choices the submitted ticks are checked against
    if not form.validate_on_submit():
        return _claim_form_page(form, kind, training, 422)
    upload = request.files.get(form.receipt.name)
    asked_for = ClaimInput(
        kind=kind,
        duty_ids=[] if training else list(form.duties.data or []),
        training_record_id=form.training_record.data if training else None,
        for_training=training,
        variant=form.variant.data or "",
        miles=form.miles.data,
        amount_pence=form.amount.pence,
        description=form.description.data,
        receipt=Upload(upload.filename or "receipt", upload.read()) if upload and upload.filename else None,
    )
    try:
        claim = commit_unit(lambda: submit_claim(current_user.volunteer_id, asked_for, current_user))
    except Refusal as refusal:
        show_refusal(form, refusal)
        return _claim_form_page(form, kind, training, 422)
    flash(
        f"Claim sent: £{claim.amount_pence / 100:,.2f} for {kind.label.lower()}. Your supervisor will check it.",
        "success",
    )
    return redirect(url_for("expenses.claim", claim_id=claim.id))


@bp.route("/claims/<int:claim_id>")
@allow(*VIEWERS)
def claim(claim_id: int):
    """One claim: what it is for, its state, the receipt, and (for a reviewer) approve or reject."""
    item = get_scoped_or_404(ExpenseClaim, claim_id)
    reviewer = current_user.role in STAFF_AND_SUPERVISORS and item.state == ClaimState.SUBMITTED
    return render_template(
        "expenses/claim.html",
        claim=item,
        reviewer=reviewer,
        approve_form=ApproveForm(prefix="approve"),
        reject_form=RejectForm(prefix="reject"),
    )


@bp.route("/claims/<int:claim_id>/receipt")
@allow(*VIEWERS)
def receipt(claim_id: int):
    """The claim's receipt or evidence, as it was uploaded."""
    item = get_scoped_or_404(ExpenseClaim, claim_id)
    stored = db.session.get(StoredFile, item.receipt_file_id) if item.receipt_file_id else None
    if stored is None:
        abort(404)
    return stored_file_response(stored, inline=stored.content_type.startswith("image/"))


@bp.route("/claims/<int:claim_id>/approve", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def approve(claim_id: int):
    """Approve one claim into this month's payment run."""
    item = get_scoped_or_404(ExpenseClaim, claim_id)
    if not ApproveForm(prefix="approve").validate_on_submit():
        abort(400)
    try:
        commit_unit(lambda: approve_claim(item, current_user))
    except Refusal as refusal:
        flash_refusal(refusal)
    else:
        flash(f"Claim approved for {item.volunteer.full_name}", "success")
    return redirect(url_for("expenses.claim", claim_id=item.id))


@bp.route("/claims/<int:claim_id>/reject", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def reject(claim_id: int):
    """Reject one claim, with the reason the volunteer is told."""
    item = get_scoped_or_404(ExpenseClaim, claim_id)
    form = RejectForm(prefix="reject")
    if form.validate_on_submit():
        try:
            commit_unit(lambda: reject_claim(item, current_user, form.reason.data))
        except Refusal as refusal:
            show_refusal(form, refusal)
        else:
            flash(f"Claim rejected for {item.volunteer.full_name}", "success")
            return redirect(url_for("expenses.claim", claim_id=item.id))
    page = render_template(
        "expenses/claim.html",
        claim=item,
        reviewer=item.state == ClaimState.SUBMITTED,
        approve_form=ApproveForm(prefix="approve"),
        reject_form=form,
    )
    return page, 422


@bp.route("/approvals", methods=["GET", "POST"])
@allow(STAFF_AND_SUPERVISORS)
def approvals():
    """Claims waiting in the reviewer's area; approve the ticked ones in one action."""
    form = BulkApproveForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        chosen = form.all_claim.data if form.action.data == "all" else form.claim.data
        ids = [i for i in (whole_number(v) for v in chosen or []) if i is not None]
        if not ids:
            form.claim.errors = ["Choose at least one claim to approve"]
            status = 422
        else:
            decisions = commit_unit(lambda: approve_claims(ids, current_user))
            if decisions.approved:
                count = len(decisions.approved)
                flash(f"{count} {'claim' if count == 1 else 'claims'} approved", "success")
            skipped = [f"{c.volunteer.full_name}'s claim: {why}" for c, why in decisions.skipped]
            if decisions.not_found:
                skipped.append(f"{decisions.not_found} no longer waiting for you")
            if skipped:
                flash("Not approved: " + "; ".join(skipped), "warning")
            return redirect(url_for("expenses.approvals"))
    return render_template("expenses/approvals.html", claims=claims_waiting(current_user), form=form), status
