"""Saving and reading equality answers (no permission check here: callers decide who may read them)."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from core.refusals import Refusal
from equality.categories import QUESTIONS, is_answer
from equality.models import EqualityAnswers


def _owner(volunteer_id: int | None, application_id: int | None) -> sa.ColumnElement[bool]:
    if (volunteer_id is None) == (application_id is None):
        raise ValueError("equality answers belong to a volunteer or an application, not both")
    if volunteer_id is not None:
        return EqualityAnswers.volunteer_id == volunteer_id
    return EqualityAnswers.application_id == application_id


def answers_of(*, volunteer_id: int | None = None, application_id: int | None = None) -> EqualityAnswers | None:
    """The answers given by this volunteer or on this application, if any."""
    return db.session.scalar(sa.select(EqualityAnswers).where(_owner(volunteer_id, application_id)))


def save_answers(
    *,
    volunteer_id: int | None = None,
    application_id: int | None = None,
    sex: str | None = None,
    ethnicity: str | None = None,
    disability: str | None = None,
) -> EqualityAnswers:
    """Keep a volunteer's or an application's answers (None: not answered), in the caller's transaction.

    An answer that is not one of the offered codes is refused (Refusal naming the question).
    """
    given = {"sex": sex, "ethnicity": ethnicity, "disability": disability}
    for question, code in given.items():
        if not is_answer(question, code):
            raise Refusal("Select one of the answers offered, or Prefer not to say", question)
    row = answers_of(volunteer_id=volunteer_id, application_id=application_id)
    if row is None:
        row = EqualityAnswers(volunteer_id=volunteer_id, application_id=application_id)
        db.session.add(row)
    for question in QUESTIONS:
        setattr(row, question, given[question])
    db.session.flush()
    return row


def move_to_volunteer(application_id: int, volunteer_id: int) -> None:
    """An applicant became a volunteer: their answers now belong to the volunteer (the volunteer's own, if they
    already gave some, are kept; the application keeps none either way)."""
    given = answers_of(application_id=application_id)
    if given is None:
        return
    if answers_of(volunteer_id=volunteer_id) is None:
        given.application_id, given.volunteer_id = None, volunteer_id
    else:
        db.session.delete(given)
    db.session.flush()


def erase_answers(*, volunteer_id: int | None = None, application_ids: list[int] | None = None) -> int:
    """Delete the answers of a volunteer and of applications (erasure, retention); returns rows deleted."""
    conditions = []
    if volunteer_id is not None:
        conditions.append(EqualityAnswers.volunteer_id == volunteer_id)
    if application_ids:
        conditions.append(EqualityAnswers.application_id.in_(application_ids))
    if not conditions:
        return 0
    return db.session.execute(sa.delete(EqualityAnswers).where(sa.or_(*conditions))).rowcount or 0
