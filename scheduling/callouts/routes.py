"""Call-out pages for coordinators and supervisors: who can be called for a shift, sending, and the live answers."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from core.dates import now_utc
from core.extensions import db
from core.params import whole_number
from core.permissions import STAFF_AND_SUPERVISORS, allow, get_scoped_or_404
from core.refusals import Refusal
from scheduling import bp
from scheduling.callouts import services
from scheduling.callouts.models import Callout, closes_at
from scheduling.callouts.people import available_people, may_call_out_for, people_out
from scheduling.models import Shift
from scheduling.rosters.changes import when
from volunteers.scopes import visible_volunteer_ids


def _shift(shift_id: int) -> Shift:
    shift = get_scoped_or_404(Shift, shift_id)
    if not may_call_out_for(current_user, shift):
        abort(404)
    return shift


def _callout(callout_id: int) -> Callout:
    callout = db.session.get(Callout, callout_id)
    if callout is None or not may_call_out_for(current_user, callout.shift):
        abort(404)
    return callout


@bp.route("/callouts/shifts/<int:shift_id>", methods=["GET", "POST"])
@allow(STAFF_AND_SUPERVISORS)
def callout_shift(shift_id: int):
    """The people who can be called for a shift (fill a gap's order, available only), and sending the call-out."""
    shift = _shift(shift_id)
    now = now_utc()
    error = None
    if request.method == "POST":
        chosen = (
            None
            if request.form.get("to") == "all"
            else [whole_number(v) or 0 for v in request.form.getlist("volunteer_ids")]
        )
        try:
            callout = services.send_callout(shift, current_user, chosen, now)
        except Refusal as problem:
            db.session.rollback()
            error = problem
        else:
            db.session.commit()
            flash(f"Call-out sent to {len(callout.invites)} people", "success")
            return redirect(url_for("scheduling.callout_board", callout_id=callout.id))
    free = services.free_places(shift)
    closed = shift.cancelled or closes_at(shift) <= now
    people = [] if closed or not free else available_people(shift, current_user, now)
    return render_template(
        "scheduling/callouts/shift.html",
        shift=shift,
        when=when,
        people=people,
        free=free,
        closed=closed,
        callouts=services.callouts_for(shift.id),
        earlier=services.earlier_answers(shift.id),
        error=error,
    ), (400 if error else 200)


@bp.route("/callouts/shifts/<int:shift_id>/left-out")
@allow(STAFF_AND_SUPERVISORS)
def callout_left_out(shift_id: int):
    """Why people of my area are not offered for a call-out on the shift."""
    shift = _shift(shift_id)
    return render_template(
        "scheduling/callouts/left_out.html", shift=shift, when=when, people=people_out(shift, current_user, now_utc())
    )


@bp.route("/callouts/<int:callout_id>")
@allow(STAFF_AND_SUPERVISORS)
def callout_board(callout_id: int):
    """Who was asked, who accepted, declined or did not answer (the table refreshes itself with JavaScript)."""
    callout = _callout(callout_id)
    return render_template(
        "scheduling/callouts/board.html",
        callout=callout,
        shift=callout.shift,
        when=when,
        board=services.board(callout, visible_volunteer_ids(current_user)),
        free=services.free_places(callout.shift),
    )


@bp.route("/callouts/<int:callout_id>/answers.json")
@allow(STAFF_AND_SUPERVISORS)
def callout_answers(callout_id: int):
    """The call-out's answers as JSON, for the board's poll."""
    callout = _callout(callout_id)
    board = services.board(callout, visible_volunteer_ids(current_user))
    for row in board["rows"]:
        row["answered_at"] = row["answered_at"].isoformat() if row["answered_at"] else None
    response = jsonify({**board, "free": services.free_places(callout.shift)})
    response.headers["Cache-Control"] = "no-store"
    return response
