"""Who sees which schemes records: the scope rules registered with core.permissions.

Staff (admin, coordinator) and supervisors see everything here (supervisors only through
read-only views); a parish council sees only its own council, agreements, posts and claims;
an employer only its own ESP business; a cadet leader only the unit they lead.
Everyone else sees nothing.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.models import Parish, Role, User
from core.permissions import STAFF_AND_SUPERVISORS, register_scope
from schemes.models import (
    CadetUnit,
    CsasOrganisation,
    CsasPerson,
    CscAgreement,
    CscClaim,
    CscPost,
    EspBusiness,
    EspEngagement,
    SpeedWatchGroup,
    SpeedWatchSession,
    SpeedWatchSite,
    WatchInterest,
    WatchMemberSnapshot,
    WatchMessage,
    WatchScheme,
    WatchSchemeType,
)
from volunteers.models import CadetLeader


def _is_wide(user: User) -> bool:
    return user.role in STAFF_AND_SUPERVISORS


def staff_only(user: User, stmt: sa.Select) -> sa.Select:
    """Staff and supervisors see every row; other roles none."""
    return stmt if _is_wide(user) else stmt.where(sa.false())


def _own_agreement_ids(user: User) -> sa.Select:
    return sa.select(CscAgreement.id).where(CscAgreement.parish_id == user.parish_id)


def parish_scope(user: User, stmt: sa.Select) -> sa.Select:
    """A parish user sees only its own council."""
    if _is_wide(user):
        return stmt
    if user.role == Role.PARISH and user.parish_id is not None:
        return stmt.where(Parish.id == user.parish_id)
    return stmt.where(sa.false())


def agreement_scope(user: User, stmt: sa.Select) -> sa.Select:
    """A parish user sees only its own council's agreements."""
    if _is_wide(user):
        return stmt
    if user.role == Role.PARISH and user.parish_id is not None:
        return stmt.where(CscAgreement.parish_id == user.parish_id)
    return stmt.where(sa.false())


def post_scope(user: User, stmt: sa.Select) -> sa.Select:
    """A parish user sees only the posts its council funds."""
    if _is_wide(user):
        return stmt
    if user.role == Role.PARISH and user.parish_id is not None:
        return stmt.where(CscPost.agreement_id.in_(_own_agreement_ids(user)))
    return stmt.where(sa.false())


def claim_scope(user: User, stmt: sa.Select) -> sa.Select:
    """A parish user sees only the claims made against its own posts."""
    if _is_wide(user):
        return stmt
    if user.role == Role.PARISH and user.parish_id is not None:
        own_posts = sa.select(CscPost.id).where(CscPost.agreement_id.in_(_own_agreement_ids(user)))
        return stmt.where(CscClaim.post_id.in_(own_posts))
    return stmt.where(sa.false())


def business_scope(user: User, stmt: sa.Select) -> sa.Select:
    """An employer sees only its own ESP business."""
    if _is_wide(user):
        return stmt
    if user.role == Role.EMPLOYER and user.esp_business_id is not None:
        return stmt.where(EspBusiness.id == user.esp_business_id)
    return stmt.where(sa.false())


def cadet_unit_scope(user: User, stmt: sa.Select) -> sa.Select:
    """A cadet leader (volunteer) sees only the unit they lead."""
    if _is_wide(user):
        return stmt
    if user.role == Role.VOLUNTEER and user.volunteer_id is not None:
        led = sa.select(CadetLeader.cadet_unit_id).where(CadetLeader.volunteer_id == user.volunteer_id)
        return stmt.where(CadetUnit.id.in_(led))
    return stmt.where(sa.false())


def register_all() -> None:
    """Register every schemes scope rule (idempotent)."""
    register_scope(Parish, parish_scope)
    register_scope(CscAgreement, agreement_scope)
    register_scope(CscPost, post_scope)
    register_scope(CscClaim, claim_scope)
    register_scope(EspBusiness, business_scope)
    register_scope(CadetUnit, cadet_unit_scope)
    for model in (
        EspEngagement,
        WatchSchemeType,
        WatchScheme,
        WatchMemberSnapshot,
        WatchInterest,
        WatchMessage,
        SpeedWatchGroup,
        SpeedWatchSite,
        SpeedWatchSession,
        CsasOrganisation,
        CsasPerson,
    ):
        register_scope(model, staff_only)


register_all()
