"""Helpers the volunteers' route modules share: load a record or answer 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from volunteers import profiles


def volunteer_or_404(volunteer_id: int):
    """The volunteer the user may see, or 404."""
    volunteer = profiles.load_volunteer(volunteer_id, current_user)
    if volunteer is None:
        abort(404)
    return volunteer
