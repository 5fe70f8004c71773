"""The core pages: the way to each role's home, the accessibility statement and the privacy notice."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from core.landing import home_endpoint
from core.permissions import ALL_ROLES, allow, public

bp = Blueprint("core", __name__)


@bp.route("/")
@allow(ALL_ROLES)
def home_page():
    """Send each role to its own home page."""
    return redirect(url_for(home_endpoint(current_user.role)))


# Kept as the canonical name other code redirects to.
bp.add_url_rule("/home", "home", home_page)


@bp.route("/accessibility")
@public
def accessibility():
    """The accessibility statement."""
    return render_template("core/accessibility.html")


@bp.route("/privacy")
@public
def privacy():
    """The privacy notice."""
    return render_template("core/privacy.html")


@bp.route("/healthz")
@public
def healthz():
    """Liveness check for load balancers."""
    return {"status": "ok"}
