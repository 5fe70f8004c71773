"""Repeating shifts, shift templates and filling gaps (thin: parse, authorise, call, render)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.extensions import db
from core.params import whole_number
from core.permissions import STAFF, allow, get_scoped_or_404
from core.refusals import Refusal, flash_refusal, show_refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.models import Shift
from scheduling.rosters import gaps, repeats, services
from scheduling.rosters.change_forms import RepeatForm, TemplateForm
from scheduling.rosters.changes import when


@bp.route("/shifts/<int:shift_id>/repeat", methods=["GET", "POST"])
@allow(STAFF)
def repeat_shift(shift_id: int):
    """Repeat a shift weekly for a number of weeks: the dates shown first, clashing dates left out."""
    shift = get_scoped_or_404(Shift, shift_id)
    form = RepeatForm()
    plan = None
    if form.validate_on_submit():
        try:
            if form.confirm.data:
                made, plan = commit_unit(lambda: repeats.repeat_weekly(shift, form.weeks.data, current_user.id))
                left = f"; {len(plan.clashing)} left out (they clash)" if plan.clashing else ""
                flash(f"{len(made)} shifts created{left}", "success")
                return redirect(url_for("scheduling.shift", shift_id=shift_id))
            plan = repeats.plan_repeat(shift, form.weeks.data)
        except Refusal as problem:
            show_refusal(form, problem)
            plan = None
    return render_template("scheduling/shift_repeat.html", form=form, shift=shift, plan=plan, when=when)


@bp.route("/shifts/<int:shift_id>/template", methods=["GET", "POST"])
@allow(STAFF)
def save_template(shift_id: int):
    """Save a shift's shape (not its day) as a template."""
    shift = get_scoped_or_404(Shift, shift_id)
    form = TemplateForm(data={"name": shift.title} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            repeats.save_template(shift, form.name.data, current_user.id)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Template saved", "success")
            return redirect(url_for("scheduling.shift_templates"))
    return render_template("scheduling/shift_template.html", form=form, shift=shift)


@bp.route("/shifts/templates")
@allow(STAFF)
def shift_templates():
    """Shift templates: create a shift from one."""
    return render_template("scheduling/shift_templates.html", templates=repeats.templates())


@bp.route("/shifts/templates/delete", methods=["POST"])
@allow(STAFF)
def delete_template():
    """Delete a template (shifts made from it stay)."""
    try:
        repeats.delete_template(whole_number(request.form.get("template_id")) or 0)
    except Refusal as problem:
        flash_refusal(problem)
    else:
        db.session.commit()
        flash("Template deleted", "success")
    return redirect(url_for("scheduling.shift_templates"))


@bp.route("/shifts/<int:shift_id>/gaps")
@allow(STAFF)
def shift_gaps(shift_id: int):
    """Fill a gap: the people who may take the shift, those short of this month's hours first."""
    shift = get_scoped_or_404(Shift, shift_id)
    view = services.shift_views([shift])[0]
    people = [] if shift.cancelled else gaps.gap_candidates(shift)
    return render_template("scheduling/shift_gaps.html", shift=shift, view=view, people=people, when=when)


@bp.route("/shifts/<int:shift_id>/gaps/left-out")
@allow(STAFF)
def shift_left_out(shift_id: int):
    """Why other people are not offered for the shift."""
    shift = get_scoped_or_404(Shift, shift_id)
    return render_template("scheduling/shift_left_out.html", shift=shift, people=gaps.left_out(shift), when=when)
