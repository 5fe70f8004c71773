"""One way to refuse input: the Refusal error (message and field), shown on a form, as a banner or as API JSON."""

from __future__ import annotations

from flask import flash
from wtforms import Form

from core.errors import json_error
from core.extensions import db


class Refusal(ValueError):
    """Input a rule refuses: a clear message, and the field it concerns (None when it concerns the whole input).

    Services raise it; a page shows it on its form with ``show_refusal`` (or, for a button, as a banner with
    ``flash_refusal``), the API answers it as JSON with ``refusal_json``, an import lists it against its line.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def show_refusal(form: Form, refusal: Refusal) -> None:
    """Undo what the refused action started and show its message on the form.

    The message goes beside the field it names; when the form has no such field (or it names none) it is
    a form-level error. Either way the form's errors carry it, so the GOV.UK error summary lists it.
    """
    db.session.rollback()
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is not None:
        field.errors = [*field.errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)


def flash_refusal(refusal: Refusal, about: str | None = None) -> None:
    """For an action without a form (a button): undo what it started and show the message as an error banner.

    ``about`` names whom the refusal concerns when the page lists several ("Ann Smith: already signed up").
    """
    db.session.rollback()
    flash(f"{about}: {refusal.message}" if about else refusal.message, "error")


def refusal_json(refusal: Refusal, status: int = 422):
    """A refusal as the API's JSON error, undoing what the refused call started.

    422 by default: the request was well formed but a rule refuses it; a malformed request body is a 400.
    """
    db.session.rollback()
    return json_error(status, refusal.message, refusal.field)
