"""A volunteer's private calendar feed of their shifts: make, revoke and serve it."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from core.extensions import db
from core.models import Role
from core.permissions import allow, public
from scheduling import bp
from scheduling.rosters import ical


@bp.route("/calendar")
@allow(Role.VOLUNTEER)
def calendar():
    """Manage the private calendar feed of my shifts."""
    return render_template("scheduling/calendar.html", has_feed=ical.has_feed(current_user.volunteer_id), url=None)


@bp.route("/calendar/new", methods=["POST"])
@allow(Role.VOLUNTEER)
def calendar_new():
    """Make a new secret feed URL (the old one stops working); shown once."""
    token = ical.issue_feed(current_user.volunteer_id)
    db.session.commit()
    url = url_for("scheduling.calendar_feed", token=token, _external=True)
    return render_template("scheduling/calendar.html", has_feed=True, url=url)


@bp.route("/calendar/revoke", methods=["POST"])
@allow(Role.VOLUNTEER)
def calendar_revoke():
    """Stop the feed URL working."""
    ical.revoke_feeds(current_user.volunteer_id)
    db.session.commit()
    flash("Your calendar feed address no longer works", "success")
    return redirect(url_for("scheduling.calendar"))


@bp.route("/calendar/<token>.ics")
@public
def calendar_feed(token: str):
    """The feed itself: authenticated by the secret token in the URL, not a session."""
    volunteer_id = ical.volunteer_for_token(token)
    if volunteer_id is None:
        abort(404)
    body = ical.feed_text(volunteer_id)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
