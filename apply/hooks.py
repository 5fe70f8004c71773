"""The two calls the recruitment pipeline makes into applying online (it imports this module lazily)."""

from __future__ import annotations

from apply import guardians, messages
from volunteers.models import Application


def before_move(app: Application) -> None:
    """Refuse to move an application on while it waits for a parent or guardian (raises Refusal)."""
    guardians.refuse_while_waiting(app)


def after_change(app: Application) -> None:
    """Tell the applicant (and a young applicant's guardian) that their application moved on or closed."""
    messages.stage_changed(app)
