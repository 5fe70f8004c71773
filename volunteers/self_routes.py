"""Self-service for volunteers: their own profile and contact details, and a leader's own cadet unit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import today
from core.extensions import db
from core.models import Role
from core.permissions import allow
from core.refusals import Refusal, show_refusal
from volunteers import bp, lifecycle, profiles, rules
from volunteers.forms import ContactForm
from volunteers.scopes import sees_cadet_personal_data
from volunteers.web import volunteer_or_404


@bp.route("/me")
@allow(Role.VOLUNTEER)
def me():
    """A volunteer's own profile: contact details, roles, training and awards."""
    volunteer = volunteer_or_404(current_user.volunteer_id or 0)
    details = profiles.build_profile(volunteer, today(), with_audit=False)
    return render_template("volunteers/me.html", p=details, v=volunteer, leads_unit=volunteer.cadet_leader is not None)


@bp.route("/me/unit")
@allow(Role.VOLUNTEER)
def my_unit():
    """A cadet leader's own unit: its cadets with the guardian contacts leaders need (404 for non-leaders)."""
    leader, cadets = profiles.led_unit_cadets(current_user)
    if leader is None:
        abort(404)
    rows = [c for c in cadets if sees_cadet_personal_data(current_user, c, leader.cadet_unit_id)]
    return render_template("volunteers/my_unit.html", leader=leader, cadets=rows, today=today(), rules=rules)


@bp.route("/me/contact", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def me_contact():
    """A volunteer edits their own contact details, and nothing else."""
    volunteer = volunteer_or_404(current_user.volunteer_id or 0)
    form = ContactForm()
    if request.method == "GET":
        for name in ("email", "phone", "address", "postcode"):
            form[name].data = getattr(volunteer, name)
    if form.validate_on_submit():
        data = {name: (form[name].data or "").strip() or None for name in ("email", "phone", "address", "postcode")}
        try:
            lifecycle.update_contact(volunteer, data)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            flash("Your details are saved", "success")
            return redirect(url_for("volunteers.me"))
    return render_template(
        "volunteers/form.html", form=form, title="Change your contact details", back=url_for("volunteers.me")
    )
