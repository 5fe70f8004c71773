"""Set-up and reset links: asking for a reset, and choosing a password from a single-use link."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from core.audit import record
from core.auth import bp, tokens
from core.auth.forms import ForgottenPasswordForm, SetPasswordForm
from core.auth.services import PasswordRejected, find_user_by_email, set_password
from core.auth.throttle import clear_failures
from core.db import utcnow
from core.extensions import db, limiter
from core.models import User
from core.permissions import public


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def forgotten_password():
    """Ask for a reset link. Without email, an administrator sees the request and passes a link on."""
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is not None and user.active:
            user.password_reset_requested_at = utcnow()
            record("password_reset_requested", "user", user.id, actor_email=user.email)
            db.session.commit()
        # The same answer whether or not the account exists (no account enumeration).
        return render_template("auth/reset_requested.html")
    return render_template("auth/forgotten_password.html", form=form)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password_from_link(token: str):
    """Choose a password from a set-up or reset link; the link works once and expires."""
    found = tokens.find_valid_token(token)
    if found is None:
        return render_template("auth/link_invalid.html"), 404
    user = db.session.get(User, found.user_id)
    if user is None or not user.active:
        return render_template("auth/link_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.new_password.data)
        except PasswordRejected as problem:
            form.new_password.errors = list(form.new_password.errors) + [str(problem)]
        else:
            if not tokens.spend_token(found):
                db.session.rollback()
                return render_template("auth/link_invalid.html"), 404
            user.password_reset_requested_at = None
            clear_failures(user.email)
            record(f"password_set_from_{found.purpose}_link", "user", user.id, actor_email=user.email)
            db.session.commit()
            flash("Your password is set. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user, purpose=found.purpose)


def link_url(raw_token: str) -> str:
    """The full address of a set-up or reset link."""
    return url_for("auth.set_password_from_link", token=raw_token, _external=True)
