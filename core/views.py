"""The core pages: each role's home, the accessibility statement and the privacy notice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from core import home
from core.models import Role
from core.permissions import ALL_ROLES, allow, public

bp = Blueprint("core", __name__)

home.register_home(Role.ADMIN, "core.admin_home")
home.register_home(Role.SUPERVISOR, "core.supervisor_home")
home.register_home(Role.VOLUNTEER, "core.volunteer_home")


def today() -> date:
    from core.dates import LONDON

    return datetime.now(LONDON).date()


@bp.route("/")
@allow(ALL_ROLES)
def home_page():
    """Send each role to its own home page."""
    return redirect(url_for(home.home_endpoint(current_user.role)))


# Kept as the canonical name other code redirects to.
bp.add_url_rule("/home", "home", home_page)


@bp.route("/home/admin")
@allow(Role.ADMIN)
def admin_home():
    """Administrator's home: accounts and the latest audit events."""
    counts, events = home.admin_summary()
    return render_template("core/home_admin.html", counts=counts, events=events)


@bp.route("/home/supervisor")
@allow(Role.SUPERVISOR)
def supervisor_home():
    """Supervisor's home: duties waiting for approval."""
    total, duties = home.pending_duties_for(current_user)
    return render_template("core/home_supervisor.html", total=total, duties=duties)


@bp.route("/home/volunteer")
@allow(Role.VOLUNTEER)
def volunteer_home():
    """A volunteer's own home: hours this month against commitment, shifts, duties."""
    summary = home.volunteer_summary(current_user.volunteer_id, today(), datetime.now(UTC))
    return render_template("core/home_volunteer.html", summary=summary, today=today())


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
