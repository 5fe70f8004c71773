"""Who sees which claims (registered with core.permissions at import): the CiP team every claim; a supervisor their
command's (volunteers/scopes.py owns the area); a volunteer their own; a parish only its CSCs' claims paid from its
budget; an employer none."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Role, User
from core.permissions import STAFF, register_scope
from expenses.models import ExpenseClaim
from schemes.models import CscAgreement, CscPost
from volunteers.scopes import visible_volunteer_ids


def claim_scope(user: User, stmt: sa.Select) -> sa.Select:
    """The claims this user may see."""
    if user.role in STAFF:
        return stmt
    if user.role in (Role.SUPERVISOR, Role.VOLUNTEER):
        ids = visible_volunteer_ids(user)
        return stmt if ids is None else stmt.where(ExpenseClaim.volunteer_id.in_(ids))
    if user.role == Role.PARISH and user.parish_id is not None:
        own_posts = (
            sa.select(CscPost.id)
            .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
            .where(CscAgreement.parish_id == user.parish_id)
        )
        return stmt.where(ExpenseClaim.post_id.in_(own_posts))
    return stmt.where(sa.false())


register_scope(ExpenseClaim, claim_scope)
