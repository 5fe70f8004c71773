"""The supervisor's and the volunteer's home pages."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from core.dates import now_utc, today
from core.landing import register_home
from core.models import Role
from core.permissions import allow
from scheduling import bp
from scheduling.duties.lists import finished_bookings
from scheduling.home import pending_duties_for, volunteer_summary

register_home(Role.SUPERVISOR, "scheduling.supervisor_home")
register_home(Role.VOLUNTEER, "scheduling.volunteer_home")


@bp.route("/home/supervisor")
@allow(Role.SUPERVISOR)
def supervisor_home():
    """Supervisor's home: duties waiting for approval."""
    total, duties = pending_duties_for(current_user)
    return render_template("scheduling/home_supervisor.html", total=total, duties=duties)


@bp.route("/home/volunteer")
@allow(Role.VOLUNTEER)
def volunteer_home():
    """A volunteer's own home: hours this month against commitment, shifts, duties."""
    summary = volunteer_summary(current_user.volunteer_id, today(), now_utc())
    finished = finished_bookings(current_user.volunteer_id)  # "I did this shift"
    return render_template("scheduling/home_volunteer.html", summary=summary, finished=finished, today=today())
