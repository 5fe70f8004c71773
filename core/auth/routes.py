"""Sign in, sign out, change password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from core.audit import record
from core.auth import bp, throttle
from core.auth.forms import ChangePasswordForm, LoginForm
from core.auth.passwords import verify_password
from core.auth.services import PasswordRejected, authenticate, finish_login, rotate_session_token, set_password
from core.auth.sessions import start_session
from core.auth.two_factor import begin_second_step
from core.extensions import db, limiter
from core.permissions import ALL_ROLES, allow, public


def safe_next(target: str | None) -> str | None:
    """Only a path on this site may be a post-login redirect (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def throttled_page():
    """The clear 429 answer when an account or address has failed too often."""
    seconds = max(1, int(throttle.window().total_seconds()))
    response = make_response(render_template("auth/throttled.html", minutes=max(1, seconds // 60)), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@public
def login():
    """The sign-in page; accounts with two-factor continue to the code page."""
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        if throttle.is_throttled(form.email.data, request.remote_addr):
            record("login_throttled", detail={"why": "too many failures"}, actor_email=form.email.data[:254])
            db.session.commit()
            return throttled_page()
        user = authenticate(form.email.data, form.password.data, request.remote_addr)
        if user is None:
            form.email.errors = list(form.email.errors) + ["Enter a correct email address and password"]
        elif user.has_totp:
            begin_second_step(user, form.remember.data, safe_next(request.args.get("next")))
            return redirect(url_for("auth.two_factor"))
        else:
            finish_login(user)
            start_session(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("core.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@allow(ALL_ROLES)
def logout():
    """Sign out everywhere: the session token is rotated, so every copy of the cookie stops working."""
    rotate_session_token(current_user)
    record("logout", "user", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@allow(ALL_ROLES)
def change_password():
    """Change your own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors = list(form.current_password.errors) + ["Your current password is wrong"]
        else:
            try:
                set_password(current_user, form.new_password.data)
            except PasswordRejected as problem:
                form.new_password.errors = list(form.new_password.errors) + [str(problem)]
            else:
                record("password_changed", "user", current_user.id)
                db.session.commit()
                start_session(current_user._get_current_object())  # keep this browser signed in, new token
                flash("Your password has been changed", "success")
                return redirect(url_for("core.home"))
    return render_template("auth/change_password.html", form=form)
