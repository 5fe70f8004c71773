"""Single-use, expiring account set-up and password reset links, stored as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from core.db import utcnow
from core.extensions import db
from core.models import AuthToken, User

SETUP = "setup"
RESET = "reset"
PURPOSES = {SETUP, RESET}


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def lifetime() -> timedelta:
    """How long a link works (AUTH_TOKEN_HOURS, 24 by default)."""
    return timedelta(hours=int(current_app.config.get("AUTH_TOKEN_HOURS", 24)))


def issue_token(user: User, purpose: str) -> str:
    """A new link token for the user; earlier unused links of the user stop working."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    now = utcnow()
    db.session.execute(
        sa.update(AuthToken).where(AuthToken.user_id == user.id, AuthToken.used_at.is_(None)).values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(AuthToken(user_id=user.id, purpose=purpose, token_hash=_hash(raw), expires_at=now + lifetime()))
    return raw


def find_valid_token(raw: str) -> AuthToken | None:
    """The unused, unexpired token for this raw value, or None."""
    if not raw or len(raw) > 200:
        return None
    token = db.session.scalars(sa.select(AuthToken).where(AuthToken.token_hash == _hash(raw))).first()
    if token is None or token.used_at is not None or token.expires_at <= utcnow():
        return None
    return token


def spend_token(token: AuthToken) -> bool:
    """Mark the token used; False when another request used it first (single use under concurrency)."""
    result = db.session.execute(
        sa.update(AuthToken)
        .where(AuthToken.id == token.id, AuthToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def purge_spent(days: int, dry_run: bool = False) -> int:
    """Delete tokens used or expired more than ``days`` ago (retention); returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    where = sa.or_(AuthToken.used_at < cutoff, AuthToken.expires_at < cutoff)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(AuthToken).where(where)) or 0
    if not dry_run and count:
        db.session.execute(sa.delete(AuthToken).where(where))
    return count
