"""Per-request wiring: SQLite read intent, navigation context and security headers."""

from __future__ import annotations

import secrets

from flask import Flask, abort, flash, g, redirect, request, session, url_for
from flask_login import current_user

from core.db import sqlite_write_intent
from core.navigation import nav_items_for

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Pages a user who must enrol in two-factor may still reach.
ENROLMENT_EXEMPT = {"auth.two_factor_setup", "auth.logout", "static", "core.accessibility", "core.privacy"}


def csp_nonce() -> str:
    """A per-request nonce for the one inline script in the page template."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def register_security(app: Flask) -> None:
    """Install the request hooks and the template context."""

    @app.before_request
    def _refuse_nul_characters():
        # PostgreSQL cannot store NUL in text, and no form field needs it: refuse at the boundary.
        for values in (request.args, request.form):
            for key, value in values.items(multi=True):
                if "\x00" in key or "\x00" in value:
                    abort(400, description="A field contains a NUL character, which cannot be stored.")

    @app.before_request
    def _transaction_intent():
        g._write_intent_token = sqlite_write_intent.set(request.method not in READ_METHODS)

    @app.before_request
    def _session_limits():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        if "_user_id" not in session:
            return None  # an API bearer token, not a browser session: no cookie timeouts apply
        from core.auth import sessions, totp

        if sessions.session_expired():
            sessions.end_session()
            flash("You were signed out because the session timed out. Sign in again.", "info")
            return redirect(url_for("auth.login"))
        if totp.is_required(current_user) and not current_user.has_totp and request.endpoint not in ENROLMENT_EXEMPT:
            flash("Set up two-factor authentication to continue: your role requires it.", "info")
            return redirect(url_for("auth.two_factor_setup"))
        return None

    @app.teardown_request
    def _reset_intent(_exc):
        token = g.pop("_write_intent_token", None)
        if token is not None:
            sqlite_write_intent.reset(token)
        # Per-request state (signed-in user, CSRF token, nonce) must not outlive the request
        # when an outer app context is reused, as in tests and CLI-driven requests.
        for name in list(g):
            g.pop(name, None)

    @app.context_processor
    def _template_context():
        items = nav_items_for(current_user) if current_user.is_authenticated else []
        return {
            "nav_items": items,
            "csp_nonce": csp_nonce(),
            "force_name": app.config["FORCE_NAME"],
            "service_name": app.config["SERVICE_NAME"],
        }

    @app.after_request
    def _headers(response):
        nonce = g.get("csp_nonce", "")
        script_src = f"'self' 'nonce-{nonce}'" if nonce else "'self'"
        response.headers.setdefault(
            "Content-Security-Policy",
            f"default-src 'self'; script-src {script_src}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        # Set-up/reset links carry their token in the path: never send it to another site (same-origin
        # still sends it here, which Flask-WTF's HTTPS referrer check needs).
        secret_path = request.path.startswith("/auth/set-password/")
        response.headers.setdefault(
            "Referrer-Policy", "same-origin" if secret_path else "strict-origin-when-cross-origin"
        )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("ENV_NAME") == "production":
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Personal data must not linger in caches: every signed-in page and download, and the
        # sign-in, two-factor and password-link pages.
        # The user loaded for this request, read without touching its (possibly expired) columns: a
        # committed write must not start another transaction just to set a header.
        user = g.get("_login_user")
        signed_in = user is not None and not user.is_anonymous
        if (signed_in and not request.path.startswith("/static/")) or request.path.startswith("/auth/"):
            response.headers["Cache-Control"] = "no-store"
        return response
