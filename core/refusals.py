"""One way to refuse input: the Refusal error (a message naming the field), shown on a form or as API JSON."""

from __future__ import annotations

from wtforms import Form

from core.errors import json_error
from core.extensions import db


class Refusal(ValueError):
    """Input a rule refuses: a clear message, and the field it concerns (None when it concerns the whole input).

    Services raise it; a page shows it on its form with ``show_refusal``, the API answers it as JSON,
    an import lists it against its row.
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


def refusal_json(refusal: Refusal, status: int = 422):
    """A refusal as the API's JSON error, undoing what the refused call started.

    422 by default: the request was well formed but a rule refuses it; a malformed request body is a 400.
    """
    db.session.rollback()
    return json_error(status, refusal.message, refusal.field)
