"""Changing a shift: edit it, cancel it with a reason, move or remove a person (thin: parse, authorise, call)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.params import whole_number
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404, scoped_select
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.models import Shift, ShiftSignup
from scheduling.rosters import changes, services
from scheduling.rosters.change_forms import CancelForm, MoveForm
from scheduling.rosters.eligibility import misfits
from scheduling.rosters.forms import ShiftForm
from scheduling.rosters.web import fill_shift_choices, form_data_of, shift_input_from_form


@bp.route("/shifts/<int:shift_id>/edit", methods=["GET", "POST"])
@allow(STAFF)
def edit_shift(shift_id: int):
    """Change a shift's time, places, place or rules; the people booked are told."""
    shift = get_scoped_or_404(Shift, shift_id)
    if shift.cancelled:
        flash("This shift is cancelled and cannot be changed", "error")
        return redirect(url_for("scheduling.shift", shift_id=shift_id))
    form = ShiftForm(data=form_data_of(shift) if request.method == "GET" else None)
    form.submit.label.text = "Save changes"
    fill_shift_choices(form)
    if form.validate_on_submit():
        try:
            changed = commit_unit(lambda: changes.edit_shift(shift_id, shift_input_from_form(form)))
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            flash(f"Shift changed: {', '.join(changed)}" if changed else "Nothing was changed", "success")
            unfit = misfits(shift, [s.volunteer_id for s in shift.signups if s.status in services.ACTIVE])
            if unfit:
                who = "1 person on it no longer fits" if len(unfit) == 1 else f"{len(unfit)} people on it no longer fit"
                flash(f"{who} the new rules: see them marked below, then move or remove them", "error")
            return redirect(url_for("scheduling.shift", shift_id=shift_id))
    return render_template("scheduling/shift_form.html", form=form, shift=shift)


@bp.route("/shifts/<int:shift_id>/cancel", methods=["GET", "POST"])
@allow(STAFF)
def cancel_shift(shift_id: int):
    """Cancel a shift with a reason; everyone booked or waiting is told."""
    shift = get_scoped_or_404(Shift, shift_id)
    form = CancelForm()
    if not shift.cancelled and form.validate_on_submit():
        try:
            told = commit_unit(lambda: changes.cancel_shift(shift_id, form.reason.data))
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            flash(f"Shift cancelled; {told} {'person' if told == 1 else 'people'} told", "success")
            return redirect(url_for("scheduling.shift", shift_id=shift_id))
    return render_template("scheduling/shift_cancel.html", form=form, shift=shift, when=changes.when(shift))


@bp.route("/signups/<int:signup_id>/remove", methods=["POST"])
@allow(STAFF_AND_SUPERVISORS)
def remove_person(signup_id: int):
    """Take a person off a shift (they are told; the waiting list moves up)."""
    signup = get_scoped_or_404(ShiftSignup, signup_id)
    shift_id, name = signup.shift_id, signup.volunteer.full_name
    try:
        commit_unit(lambda: changes.remove_person(signup_id))
    except Refusal as problem:
        flash_refusal(problem, name)
    else:
        flash(f"{name} taken off the shift and told", "success")
    return redirect(url_for("scheduling.shift", shift_id=shift_id))


@bp.route("/signups/<int:signup_id>/move", methods=["GET", "POST"])
@allow(STAFF_AND_SUPERVISORS)
def move_person(signup_id: int):
    """Move a person to a place on another shift (they are told)."""
    signup = get_scoped_or_404(ShiftSignup, signup_id)
    shift, name = signup.shift, signup.volunteer.full_name
    form = MoveForm()
    targets = services.shift_views(
        [s for s in services.open_shifts(scoped_select(Shift, current_user)) if s.id != shift.id]
    )
    form.to_shift_id.choices = [("", "Choose a shift")] + [
        (str(v.shift.id), f"{v.shift.title}, {changes.when(v.shift)} ({v.confirmed} of {v.shift.places} taken)")
        for v in targets
    ]
    if form.validate_on_submit():
        to_id = whole_number(form.to_shift_id.data)
        try:
            if to_id is None:
                raise Refusal("Choose a shift to move to", "to_shift_id")
            get_scoped_or_404(Shift, to_id)
            commit_unit(lambda: changes.move_person(signup_id, to_id))
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            flash(f"{name} moved and told", "success")
            return redirect(url_for("scheduling.shift", shift_id=to_id))
    elif request.method == "POST" and not form.errors:
        form.to_shift_id.errors = ["Choose a shift to move to"]
    return render_template("scheduling/signup_move.html", form=form, signup=signup, shift=shift, name=name)
