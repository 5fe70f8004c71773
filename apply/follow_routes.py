"""Applicants follow their application (sign-in link by email, single use) and guardians confirm a cadet's."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for

from apply import bp, forms, guardians, links
from apply.messages import guardian_of, next_steps, reference_of
from apply.services import send_follow_link, withdraw
from apply.web import FOLLOWING
from core.dates import today
from core.db import utcnow
from core.extensions import db, limiter
from core.models import District
from core.permissions import public
from core.refusals import Refusal, show_refusal
from volunteers.models import Application, ApplicationOutcome
from volunteers.pipeline.services import ORDER

FOLLOW_HOURS = 2  # how long signing in from a link lasts in this browser


@bp.route("/check-your-application", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
@public
def check_application():
    """Ask for the email applied with and send a sign-in link (the same answer whether or not we know it)."""
    form = forms.FollowForm()
    if form.validate_on_submit():
        send_follow_link(form.email.data.strip())
        db.session.commit()
        return render_template("apply/link_sent.html", email=form.email.data.strip())
    return render_template("apply/follow.html", form=form), 400 if form.errors else 200


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
@public
def sign_in(token: str):
    """Open the application from an emailed link. Opening it only asks to continue (mail scanners open links);
    continuing spends it, and this browser stays signed in to the application for a while."""
    link = links.valid_link(token, links.FOLLOW)
    if link is None:
        return render_template("apply/link_invalid.html"), 404
    form = forms.ContinueForm()
    if not form.validate_on_submit():
        return render_template("apply/sign_in.html", form=form)
    if not links.spend_link(link):
        db.session.rollback()
        return render_template("apply/link_invalid.html"), 404
    db.session.commit()
    session[FOLLOWING] = {"id": link.application_id, "until": (utcnow().timestamp() + FOLLOW_HOURS * 3600)}
    return redirect(url_for("apply.your_application"))


def _followed() -> Application:
    following = session.get(FOLLOWING) or {}
    if not following or following.get("until", 0) < utcnow().timestamp():
        session.pop(FOLLOWING, None)
        abort(redirect(url_for("apply.check_application")))
    app = db.session.get(Application, following["id"])
    if app is None:
        session.pop(FOLLOWING, None)
        abort(404)
    return app


@bp.route("/your-application")
@public
def your_application():
    """The applicant's own application: its stage, what happens next, and a way to withdraw."""
    app = _followed()
    district = db.session.get(District, app.district_id) if app.district_id else None
    stages = ORDER[: ORDER.index(app.stage) + 1]
    return render_template(
        "apply/your_application.html",
        app=app,
        district=district,
        reference=reference_of(app),
        next_steps=next_steps(app),
        stages=stages,
        waiting=guardians.waiting_for_guardian(app.id),
        is_open=app.outcome == ApplicationOutcome.OPEN,
    )


@bp.route("/your-application/withdraw", methods=["GET", "POST"])
@public
def withdraw_application():
    """Withdraw the application, with a reason."""
    app = _followed()
    if app.outcome != ApplicationOutcome.OPEN:
        return redirect(url_for("apply.your_application"))
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        try:
            withdraw(app, form.reason.data.strip(), today())
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            db.session.commit()
            return redirect(url_for("apply.your_application"))
    return render_template("apply/withdraw.html", form=form, reference=reference_of(app)), 400 if form.errors else 200


@bp.route("/your-application/remind-guardian", methods=["POST"])
@limiter.limit("3 per hour", methods=["POST"])
@public
def remind_guardian():
    """Send the parent or guardian a new link to confirm (the earlier one stops working)."""
    app = _followed()
    consent = guardian_of(app.id)
    if consent is not None and consent.confirmed_at is None and app.outcome == ApplicationOutcome.OPEN:
        guardians.send_guardian_link(app, consent)
        db.session.commit()
        flash(f"We have emailed {consent.named_by_applicant} a new link to confirm your application", "success")
    return redirect(url_for("apply.your_application"))


@bp.route("/your-application/sign-out", methods=["POST"])
@public
def sign_out():
    """Forget the application this browser follows."""
    session.pop(FOLLOWING, None)
    return redirect(url_for("apply.check_application"))


@bp.route("/guardian/<token>", methods=["GET", "POST"])
@public
def guardian_confirm(token: str):
    """A parent or guardian confirms a young person's application (name, relationship, consent)."""
    link = links.valid_link(token, links.GUARDIAN)
    app = db.session.get(Application, link.application_id) if link else None
    consent = guardian_of(app.id) if app else None
    if link is None or app is None or consent is None or consent.confirmed_at is not None:
        return render_template("apply/link_invalid.html"), 404
    form = forms.GuardianConfirmForm()
    if form.validate_on_submit():
        try:
            guardians.confirm(consent, app, form.name.data.strip(), form.relationship.data)
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            if links.spend_link(link):
                db.session.commit()
                return render_template("apply/guardian_done.html", app=app)
            db.session.rollback()
            return render_template("apply/link_invalid.html"), 404
    status = 400 if form.errors else 200
    return render_template("apply/guardian.html", form=form, app=app, reference=reference_of(app)), status
