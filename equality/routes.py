"""A volunteer's own equality answers: seen and changed by them alone (nobody else's page shows them)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.audit import record
from core.extensions import db
from core.models import Role
from core.permissions import allow
from core.refusals import Refusal, show_refusal
from equality.categories import QUESTIONS, label_of
from equality.forms import EqualityForm
from equality.services import answers_of, save_answers

bp = Blueprint("equality", __name__, url_prefix="/equality")


@bp.route("/me", methods=["GET", "POST"])
@allow(Role.VOLUNTEER)
def mine():
    """Equality monitoring (optional): the volunteer's own answers, each changeable or withdrawable."""
    volunteer_id = current_user.volunteer_id
    given = answers_of(volunteer_id=volunteer_id)
    form = EqualityForm()
    if request.method == "GET" and given is not None:
        for question in QUESTIONS:
            form[question].data = getattr(given, question)
    if form.validate_on_submit():
        try:
            save_answers(volunteer_id=volunteer_id, **form.answers())
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            record("equality_answers_saved", "volunteer", volunteer_id)  # ids only: never the answers
            db.session.commit()
            flash("Your equality monitoring answers are saved", "success")
            return redirect(url_for("equality.mine"))
    summary = [
        (form[question].label.text, label_of(question, getattr(given, question) if given else None))
        for question in QUESTIONS
    ]
    return render_template("equality/mine.html", form=form, summary=summary)
