"""Two-factor routes: the second sign-in step, enrolment, recovery codes and turning it off."""

from __future__ import annotations

import hmac
import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from core.audit import record
from core.auth import bp, throttle, totp
from core.auth.forms import ConfirmPasswordForm, EnrolTwoFactorForm, TwoFactorForm
from core.auth.passwords import verify_password
from core.auth.services import finish_login
from core.auth.sessions import start_session
from core.extensions import db
from core.models import User
from core.permissions import ALL_ROLES, allow, public

PENDING = "_2fa_pending"
PENDING_SETUP = "_2fa_setup_secret"
PENDING_SECONDS = 5 * 60


def begin_second_step(user: User, remember: bool, next_url: str | None) -> None:
    """Remember, for five minutes, who passed the password step (not yet signed in)."""
    session.clear()
    session[PENDING] = {
        "uid": user.id,
        "tok": user.session_token,
        "at": int(time.time()),
        "remember": bool(remember),
        "next": next_url,
    }


def _pending_user() -> tuple[User | None, dict]:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None, {}
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, str(pending.get("tok", ""))):
        return None, {}
    return user, pending


@bp.route("/two-factor", methods=["GET", "POST"])
@public
def two_factor():
    """The second sign-in step: a code from the authenticator app, or a recovery code."""
    user, pending = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash("Sign in again to continue", "info")
        return redirect(url_for("auth.login"))
    form = TwoFactorForm()
    if form.validate_on_submit():
        from core.auth.routes import throttled_page

        if throttle.is_throttled(user.email, request.remote_addr):
            return throttled_page()
        method = None
        if totp.verify_totp(user, form.code.data):
            method = "totp"
        elif totp.use_recovery_code(user, form.code.data):
            method = "recovery_code"
        if method is None:
            record("login_failed", "user", user.id, detail={"why": "wrong two-factor code"}, actor_email=user.email)
            throttle.record_failure(user.email, request.remote_addr)
            db.session.commit()
            form.code.errors = list(form.code.errors) + ["Enter a correct code: each code works only once"]
        else:
            finish_login(user, second_factor=method)
            start_session(user, remember=pending.get("remember", False))
            if method == "recovery_code":
                flash(f"You used a recovery code: {totp.unused_recovery_codes(user)} left.", "info")
            return redirect(pending.get("next") or url_for("core.home"))
    return render_template("auth/two_factor.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@allow(ALL_ROLES)
def two_factor_setup():
    """Turn on two-factor: the key and otpauth URI shown as text, confirmed with a first code."""
    user = current_user._get_current_object()
    if user.has_totp:
        return render_template(
            "auth/two_factor_status.html",
            remaining=totp.unused_recovery_codes(user),
            required=totp.is_required(user),
            form=ConfirmPasswordForm(),
        )
    secret = session.get(PENDING_SETUP)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[PENDING_SETUP] = totp.new_secret()
    form = EnrolTwoFactorForm()
    if form.validate_on_submit():
        codes = totp.enrol(user, secret, form.code.data)
        if codes is None:
            form.code.errors = list(form.code.errors) + ["The code does not match: check the key and your clock"]
        else:
            record("two_factor_enabled", "user", user.id)
            db.session.commit()
            session.pop(PENDING_SETUP, None)
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        key=totp.grouped(secret),
        uri=totp.provisioning_uri(secret, user.email),
        required=totp.is_required(user),
    )


def _password_confirmed(form: ConfirmPasswordForm) -> bool:
    if not form.validate_on_submit():
        return False
    if not verify_password(current_user.password_hash, form.current_password.data):
        flash("Your password was wrong: nothing was changed", "error")
        return False
    return True


@bp.route("/two-factor/recovery-codes", methods=["POST"])
@allow(ALL_ROLES)
def two_factor_new_codes():
    """Replace the recovery codes (the old ones stop working)."""
    form = ConfirmPasswordForm()
    user = current_user._get_current_object()
    if not user.has_totp or not _password_confirmed(form):
        return redirect(url_for("auth.two_factor_setup"))
    codes = totp.new_recovery_codes(user)
    record("two_factor_recovery_codes_replaced", "user", user.id)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/two-factor/disable", methods=["POST"])
@allow(ALL_ROLES)
def two_factor_disable():
    """Turn two-factor off, unless the role requires it."""
    form = ConfirmPasswordForm()
    user = current_user._get_current_object()
    if totp.is_required(user):
        flash("Your role requires two-factor authentication: it cannot be turned off", "error")
        return redirect(url_for("auth.two_factor_setup"))
    if user.has_totp and _password_confirmed(form):
        totp.disable(user)
        record("two_factor_disabled", "user", user.id)
        db.session.commit()
        flash("Two-factor authentication is off", "success")
    return redirect(url_for("auth.two_factor_setup"))
