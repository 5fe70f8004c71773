"""Helpers the kit pages share: the person whose kit the user may see, or 404."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort

from core.extensions import db
from core.models import User
from core.permissions import get_scoped_or_404
from kit.models import KitIssue
from kit.scopes import kit_holder_ids
from volunteers.models import Volunteer


def may_see_kit_of(volunteer_id: int, user: User) -> bool:
    """Whether the user may see this person's kit (the kit scope)."""
    ids = kit_holder_ids(user)
    if ids is None:
        return True
    return bool(db.session.scalar(sa.select(sa.literal(True)).where(sa.literal(volunteer_id).in_(ids))))


def holder_or_404(volunteer_id: int, user: User) -> Volunteer:
    """The person whose kit the user may see, or 404 (missing and out of scope look alike)."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None or not may_see_kit_of(volunteer_id, user):
        abort(404)
    return volunteer


def issue_or_404(issue_id: int, user: User) -> KitIssue:
    """An issue the user may see, or 404."""
    return get_scoped_or_404(KitIssue, issue_id, user)
