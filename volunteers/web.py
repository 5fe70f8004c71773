"""Helpers the volunteers' route modules share: load a record or answer 404, show a refusal on its field."""

from __future__ import annotations

from flask import abort, flash

from core.extensions import db
from volunteers import profiles
from volunteers.people import VolunteerInputError


def volunteer_or_404(volunteer_id: int):
    """The volunteer the user may see, or 404."""
    volunteer = profiles.load_volunteer(volunteer_id)
    if volunteer is None:
        abort(404)
    return volunteer


def refuse(form, problem: VolunteerInputError) -> None:
    """Roll back whatever was started and show the refusal on its field (or as a banner)."""
    db.session.rollback()
    field = form._fields.get(problem.field or "")
    if field is not None:
        field.errors = list(field.errors) + [str(problem)]
    else:
        form.form_errors.append(str(problem))
        flash(str(problem), "error")
