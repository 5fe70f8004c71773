"""'I did this shift': from a booked, finished shift, the duty form filled in from the shift, confirmed in one tap."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from core.extensions import db
from core.models import Parish, Role
from core.permissions import allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.duties.did_shift import check_confirmable, confirm_shift, confirming_duty, duty_from_shift
from scheduling.duties.form_data import fill_choices, form_data, input_from
from scheduling.duties.forms import DutyForm
from scheduling.duties.review_forms import ConfirmShiftForm
from scheduling.duties.window import flash_saved, late_warning
from scheduling.models import ShiftSignup


@bp.route("/duties/from-signup/<int:signup_id>", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def did_shift(signup_id: int):
    """Confirm a booked, finished shift as a duty: as booked in one tap, or with what was different."""
    signup = get_scoped_or_404(ShiftSignup, signup_id)  # another volunteer's sign-up is not found
    try:
        check_confirmable(signup, current_user)
    except Refusal as problem:
        flash_refusal(problem)
        duty_id = confirming_duty(signup)
        return redirect(url_for("scheduling.duty", duty_id=duty_id) if duty_id else url_for("scheduling.shifts"))
    booked = duty_from_shift(signup)
    quick = ConfirmShiftForm(prefix="confirm")  # beside the duty form: ids stay unique
    form = DutyForm(obj=form_data(booked) if request.method == "GET" else None)
    fill_choices(form)
    form.shift_id.choices = [(str(signup.shift_id), signup.shift.title)]
    if request.method == "POST":
        as_booked = bool(quick.submit.data)
        valid = quick.validate_on_submit() if as_booked else form.validate_on_submit()
        if valid:
            changed = None if as_booked else input_from(form, current_user.volunteer_id)
            try:
                duty = commit_unit(lambda: confirm_shift(signup, current_user, changed))
            except Refusal as problem:
                show_refusal(form, problem)
            else:
                flash_saved(duty)
                return redirect(url_for("scheduling.duty", duty_id=duty.id))
    return _page(signup, form, quick, booked)


def _page(signup: ShiftSignup, form: DutyForm, quick: ConfirmShiftForm, booked):
    return render_template(
        "scheduling/did_shift.html",
        signup=signup,
        shift=signup.shift,
        form=form,
        quick=quick,
        booked=booked,
        parish=db.session.get(Parish, booked.parish_id) if booked.parish_id else None,
        warning=late_warning(booked.day),
        duty=None,
        staff=False,
    )
