"""Routes of the api blueprint: shifts, sign-up, duties and hours for phones, as JSON."""

from __future__ import annotations

import re
from datetime import date

from flask import abort, current_app, jsonify, make_response, request
from flask_login import current_user

from api import auth, bp
from api.openapi import document, error_response, json_response, register_openapi_path
from api.schemas import MAX_ID, duty_input, duty_json, shift_json, signup_json
from core.dates import local_date, now_utc
from core.errors import json_error
from core.extensions import csrf, db
from core.models import Role
from core.permissions import STAFF, STAFF_AND_SUPERVISORS, allow, get_scoped_or_404, public, scoped_select
from core.refusals import Refusal, refusal_json
from core.transactions import commit_unit
from scheduling.duties.lists import duties_for
from scheduling.duties.services import ONLY_OWN_DUTIES, DutyInput, log_duty, may_log_for
from scheduling.hours import services as hours
from scheduling.hours.commitment import commitment_of
from scheduling.models import Shift, SignupStatus
from scheduling.rosters import services as rosters
from volunteers.models import Volunteer

VIEWERS = STAFF_AND_SUPERVISORS | {Role.VOLUNTEER}
LOGGERS = STAFF | {Role.VOLUNTEER}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# ?month=: a month of the years 1900-2999 (the twelve months before it and the one after stay within the
# calendar), or empty for this month.
MONTH = "^((19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2]))?$"

# Token-authenticated calls carry no cookie, so CSRF cannot apply to them; calls that rely on
# the session cookie are still checked (below), so a page on another site cannot use them.
csrf.exempt(bp)


@bp.before_request
def _csrf_for_session_calls():
    if (
        request.method in UNSAFE
        and auth.bearer_token() is None
        and current_app.config.get("WTF_CSRF_ENABLED", True)
        and current_user.is_authenticated
    ):
        csrf.protect()


@bp.errorhandler(400)
@bp.errorhandler(401)
@bp.errorhandler(403)
@bp.errorhandler(404)
@bp.errorhandler(405)
@bp.errorhandler(413)
def _http_error(error):
    reasons = {
        401: "Send a valid API token: Authorization: Bearer <token>",
        403: "Your role may not do this",
        404: "Not found",
    }
    return json_error(error.code, reasons.get(error.code) or error.description)


@bp.errorhandler(Refusal)
def _refused(problem: Refusal):
    """A refusal by a rule answers 422, naming the field."""
    return refusal_json(problem)


def _json_body():
    if not request.data:
        raise Refusal("Send a JSON object in the body", None)
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # absurdly deep nesting: refuse it like any other malformed body
        raise Refusal("The body is nested too deeply to be a duty", None) from None
    if body is None:
        raise Refusal("The body is not valid JSON (send Content-Type: application/json)", None)
    if _has_nul(body):
        raise Refusal("Text must not contain NUL characters", None)
    return body


def _duty_from_body() -> DutyInput:
    """The duty the JSON body describes; a body that is not one answers 400, naming the field."""
    try:
        inp = duty_input(_json_body(), current_user.volunteer_id)
        if inp.volunteer_id is None:
            raise Refusal("'volunteer_id' is required when logging for someone else", "volunteer_id")
    except Refusal as problem:
        abort(make_response(refusal_json(problem, 400)))
    return inp


def _has_nul(value) -> bool:
    """Whether a NUL character hides in any string of a parsed JSON value (PostgreSQL cannot store it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _my_volunteer() -> Volunteer:
    return db.session.get(Volunteer, current_user.volunteer_id)


@bp.route("/openapi.json")
@public
def openapi():
    """The OpenAPI 3 document of this API."""
    return jsonify(document(request.script_root + bp.url_prefix))


@bp.route("/shifts")
@allow(VIEWERS)
def open_shifts():
    """Upcoming shifts open for sign-up."""
    is_volunteer = current_user.role == Role.VOLUNTEER
    shifts = rosters.open_shifts(scoped_select(Shift, current_user))
    views = rosters.shift_views(shifts, current_user.volunteer_id if is_volunteer else None)
    return jsonify({"shifts": [shift_json(v) for v in views]})


@bp.route("/me/shifts")
@allow(Role.VOLUNTEER)
def my_shifts():
    """My places and waiting-list places on upcoming shifts."""
    return jsonify({"signups": [signup_json(s) for s in rosters.my_signups(current_user.volunteer_id)]})


@bp.route(f"/shifts/<int(max={MAX_ID}):shift_id>/signup", methods=["POST"])
@allow(Role.VOLUNTEER)
def sign_up(shift_id: int):
    """Sign up to a shift (waiting list when full)."""
    get_scoped_or_404(Shift, shift_id)
    body = commit_unit(lambda: signup_json(rosters.sign_up(shift_id, _my_volunteer())))
    return jsonify(body), 201


@bp.route(f"/shifts/<int(max={MAX_ID}):shift_id>/withdraw", methods=["POST"])
@allow(Role.VOLUNTEER)
def withdraw(shift_id: int):
    """Withdraw from a shift; the waiting list moves up."""
    get_scoped_or_404(Shift, shift_id)
    commit_unit(lambda: rosters.withdraw(shift_id, current_user.volunteer_id))
    return jsonify({"shift_id": shift_id, "status": SignupStatus.WITHDRAWN.value})


@bp.route("/duties", methods=["GET"])
@allow(VIEWERS)
def list_duties():
    """My duties (volunteers) or the duties in my scope, newest first (at most 100)."""
    rows = db.session.scalars(duties_for(current_user).limit(100)).unique().all()
    return jsonify({"duties": [duty_json(d) for d in rows]})


@bp.route("/duties", methods=["POST"])
@allow(LOGGERS)
def create_duty():
    """Log a duty, with the same rules as the form."""
    inp = _duty_from_body()
    if not may_log_for(current_user, inp.volunteer_id):
        return json_error(403, ONLY_OWN_DUTIES, "volunteer_id")
    # The answer is made before the commit expires the duty: no second transaction to read it back.
    body = commit_unit(lambda: duty_json(log_duty(inp, current_user)))
    return jsonify(body), 201


@bp.route("/me/hours")
@allow(Role.VOLUNTEER)
def my_hours():
    """My approved and pending hours per month (12 months to ?month=YYYY-MM), with my commitment."""
    today = local_date(now_utc())
    month = today.replace(day=1)
    if request.args.get("month"):
        if not re.fullmatch(MONTH, request.args["month"]):
            return json_error(400, "'month' must look like 2026-07 (a year from 1900 to 2999)", "month")
        month = date.fromisoformat(request.args["month"] + "-01")
    months = hours.volunteer_months(current_user.volunteer_id, month, 12)
    this = months[-1]
    return jsonify(
        {
            "month": f"{month:%Y-%m}",
            "approved_minutes": this.minutes,
            "pending_minutes": this.pending,
            "commitment_minutes": commitment_of(current_user.volunteer_id),
            "last_3_months_minutes": sum(m.minutes for m in months[-3:]),
            "months": [
                {"month": f"{m.month:%Y-%m}", "approved_minutes": m.minutes, "pending_minutes": m.pending}
                for m in months
            ],
        }
    )


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_SHIFT_ID = [
    {"name": "shift_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
]

register_openapi_path(
    "/openapi.json",
    "get",
    {"summary": "This document", "security": [], "responses": {"200": {"description": "The OpenAPI document"}}},
)
register_openapi_path(
    "/shifts",
    "get",
    {
        "summary": "Open shifts",
        "operationId": "openShifts",
        "responses": {
            "200": json_response(
                "Upcoming shifts",
                {
                    "type": "object",
                    "required": ["shifts"],
                    "properties": {"shifts": {"type": "array", "items": _ref("Shift")}},
                },
            )
        },
    },
)
register_openapi_path(
    "/me/shifts",
    "get",
    {
        "summary": "My shifts",
        "operationId": "myShifts",
        "responses": {
            "200": json_response(
                "My places",
                {
                    "type": "object",
                    "required": ["signups"],
                    "properties": {"signups": {"type": "array", "items": _ref("Signup")}},
                },
            )
        },
    },
)
register_openapi_path(
    "/shifts/{shift_id}/signup",
    "post",
    {
        "summary": "Sign up to a shift",
        "operationId": "signUp",
        "parameters": _SHIFT_ID,
        "responses": {
            "201": json_response("Signed up (status confirmed) or on the waiting list", _ref("Signup")),
            "404": error_response("No such shift"),
            "422": error_response("Refused: clash, deadline passed, not eligible, already signed up"),
        },
    },
)
register_openapi_path(
    "/shifts/{shift_id}/withdraw",
    "post",
    {
        "summary": "Withdraw from a shift",
        "operationId": "withdraw",
        "parameters": _SHIFT_ID,
        "responses": {
            "200": json_response(
                "Withdrawn",
                {
                    "type": "object",
                    "required": ["shift_id", "status"],
                    "properties": {"shift_id": {"type": "integer"}, "status": {"type": "string"}},
                },
            ),
            "404": error_response("No such shift"),
            "422": error_response("Not signed up, or the shift has started"),
        },
    },
)
register_openapi_path(
    "/duties",
    "get",
    {
        "summary": "My duties (or those in my scope)",
        "operationId": "listDuties",
        "responses": {
            "200": json_response(
                "Duties, newest first",
                {
                    "type": "object",
                    "required": ["duties"],
                    "properties": {"duties": {"type": "array", "items": _ref("Duty")}},
                },
            )
        },
    },
)
register_openapi_path(
    "/duties",
    "post",
    {
        "summary": "Log a duty",
        "operationId": "logDuty",
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("DutyInput")}}},
        "responses": {
            "201": json_response("Logged (pending approval unless logged by a coordinator)", _ref("Duty")),
            "400": error_response("Malformed body: the field is named"),
            "422": error_response(
                "Refused: ends before it starts, over 24 hours, in the future, overlaps, before joining"
            ),
        },
    },
)
register_openapi_path(
    "/me/hours",
    "get",
    {
        "summary": "My hours",
        "operationId": "myHours",
        "parameters": [
            {
                "name": "month",
                "in": "query",
                "required": False,
                "description": "The last month of the twelve (YYYY-MM); this month when absent or empty",
                "schema": {"type": "string", "pattern": MONTH},
            }
        ],
        "responses": {
            "200": json_response("Approved and pending minutes per month", _ref("Hours")),
            "400": error_response("Bad month"),
        },
    },
)
