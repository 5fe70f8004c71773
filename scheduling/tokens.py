"""The page where a user issues and revokes their own API tokens."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.extensions import db
from core.models import Role
from core.permissions import STAFF_AND_SUPERVISORS, allow
from core.refusals import Refusal
from scheduling import bp

API_USERS = STAFF_AND_SUPERVISORS | {Role.VOLUNTEER}


@bp.route("/api-tokens", methods=["GET", "POST"])
@allow(API_USERS)
def api_tokens():
    """List my tokens and make a new one (its secret is shown once)."""
    from api.auth import issue_token, tokens_of

    secret = None
    error = None
    if request.method == "POST":
        try:
            _token, secret = issue_token(current_user, request.form.get("name", ""))
        except Refusal as problem:
            db.session.rollback()
            error = problem.message
        else:
            db.session.commit()
    return render_template("scheduling/api_tokens.html", tokens=tokens_of(current_user), secret=secret, error=error), (
        400 if error else 200
    )


@bp.route("/api-tokens/<int:token_id>/revoke", methods=["POST"])
@allow(API_USERS)
def revoke_api_token(token_id: int):
    """Revoke one of my tokens: it stops working at once."""
    from api.auth import revoke_token

    if revoke_token(current_user, token_id):
        db.session.commit()
        flash("Token revoked", "success")
    else:
        flash("No such token", "error")
    return redirect(url_for("scheduling.api_tokens"))
