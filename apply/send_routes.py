"""The end of the journey: "you cannot apply", "Check your answers" (which sends it) and the confirmation."""

from __future__ import annotations

from flask import current_app, redirect, render_template, session, url_for

from apply import bp, forms
from apply.eligibility import ROUTES
from apply.journey import CHECK, ineligible_reason, next_page, stopping_page
from apply.services import new_reference, submit
from apply.summary import answer_rows
from apply.web import KEY, answers, go, url_of
from core.dates import today
from core.extensions import db, limiter
from core.permissions import public
from core.refusals import Refusal

DONE = "apply_reference"  # the reference shown on the confirmation page


def send_limit() -> str:
    """Applications sent per address (a family or a school shares one): generous for people, not for scripts."""
    return current_app.config["APPLY_RATE_LIMIT"]


@bp.route("/cannot-apply")
@public
def cannot_apply():
    """Why these answers rule the application out, and what to do instead."""
    state = answers()
    reason = ineligible_reason(state, today())
    if reason is None:
        return go(next_page(state))
    back = url_of(stopping_page(state, today()))
    return render_template("apply/cannot_apply.html", reason=reason, route=ROUTES[state["route"]], back=back)


@bp.route("/check-your-answers", methods=["GET", "POST"])
@limiter.limit(send_limit, methods=["POST"])
@public
def check_answers():
    """Every answer with a link to change it; sending lands the application in the recruitment pipeline."""
    state = answers()
    if next_page(state) != CHECK:
        return go(next_page(state))
    if ineligible_reason(state, today()):
        return redirect(url_for("apply.cannot_apply"))
    form = forms.SendForm()
    if form.validate_on_submit():
        if state.get("bot") or form.website.data:
            reference = new_reference()  # looks accepted; nothing is kept
        else:
            try:
                reference = submit(state, today()).reference
            except Refusal as problem:
                db.session.rollback()
                form.form_errors.append(problem.message)
                return render_template("apply/check.html", form=form, rows=answer_rows(state)), 400
            db.session.commit()
        session.pop(KEY, None)
        session[DONE] = reference
        return redirect(url_for("apply.confirmation"))
    return render_template("apply/check.html", form=form, rows=answer_rows(state))


@bp.route("/application-sent")
@public
def confirmation():
    """The confirmation panel with the application's reference."""
    reference = session.get(DONE)
    if reference is None:
        return redirect(url_for("apply.start"))
    return render_template("apply/confirmation.html", reference=reference)
