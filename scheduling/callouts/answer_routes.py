"""Answering a call-out without signing in: the one-tap link (GET confirms, POST books) and Notify's inbound texts."""

from __future__ import annotations

import hmac

from flask import current_app, jsonify, render_template, request
from flask_login import current_user

from core.dates import now_utc
from core.extensions import csrf, db
from core.permissions import public
from core.refusals import Refusal
from core.transactions import commit_unit
from scheduling import bp
from scheduling.callouts import answers
from scheduling.callouts.models import Answer, CalloutInvite
from scheduling.rosters.changes import when

STATUS = {answers.UNKNOWN: 404, answers.SOMEONE_ELSE: 403, answers.USED: 410, answers.EXPIRED: 410, "answer": 400}


def _refused(problem: Refusal):
    db.session.rollback()
    status = STATUS.get(problem.field or "", 409)
    return render_template("scheduling/callouts/answer_refused.html", message=problem.message, status=status), status


@bp.route("/callouts/answer/<token>", methods=["GET", "POST"])
@public
def callout_answer(token: str):
    """GET: the shift and a button to book (mail scanners fetch links: a GET never books). POST: book or decline."""
    now = now_utc()
    if request.method == "GET":
        try:
            invite = answers.check_link(token, current_user, now)
        except Refusal as problem:
            return _refused(problem)
        declining = request.args.get("answer") == "decline"  # the decline link: still one button, still a POST
        return render_template(
            "scheduling/callouts/answer.html", invite=invite, shift=invite.callout.shift, when=when, declining=declining
        )
    choice = request.form.get("answer")
    if choice not in ("accept", "decline"):
        return _refused(Refusal("Use the button to book the shift or to say you cannot do it.", "answer"))
    accept = choice == "accept"
    try:
        invite_id, answer = commit_unit(lambda: _answer(token, accept, now))
    except Refusal as problem:
        return _refused(problem)
    invite = db.session.get(CalloutInvite, invite_id)
    return render_template(
        "scheduling/callouts/answered.html", answer=answer, shift=invite.callout.shift, when=when, Answer=Answer
    )


def _answer(token: str, accept: bool, now):
    invite, answer = answers.answer_by_link(token, accept, current_user, now)
    return invite.id, answer


def _bearer_ok() -> bool:
    expected = str(current_app.config.get("NOTIFY_INBOUND_TOKEN") or "")
    given = request.headers.get("Authorization", "")
    scheme, _, token = given.partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(token.strip().encode("utf-8"), expected.encode("utf-8"))


@bp.route("/callouts/inbound-text", methods=["POST"])
@csrf.exempt
@public
def callout_inbound_text():
    """Notify's inbound text callback: "YES <code>" books, "NO <code>" declines, matched by the sender's number."""
    if not _bearer_ok():
        return jsonify({"error": "not authorised"}), 401
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return jsonify({"error": "expected JSON with message and source_number"}), 400
    now = now_utc()
    try:
        result, _invite = commit_unit(
            lambda: answers.answer_by_text(body["message"], str(body.get("source_number") or ""), now)
        )
    except Refusal as refused:
        problem = refused
        db.session.rollback()
        commit_unit(lambda: answers.tell_refused(body["message"], str(body.get("source_number") or ""), problem, now))
        return jsonify({"id": body.get("id"), "result": "refused", "reason": problem.message})
    return jsonify({"id": body.get("id"), "result": result})
