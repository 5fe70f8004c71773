"""Bearer-token authentication for the API: tokens issued and revoked by their user, stored hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import request
from sqlalchemy.orm import make_transient_to_detached

from core.audit import record
from core.dates import now_utc
from core.db import read_only_transactions
from core.extensions import db, login_manager
from core.models import User
from core.refusals import Refusal
from scheduling.models import ApiToken

PREFIX = "cip_"
MAX_TOKENS = 10


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for the user; the secret is returned once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise Refusal("Give the token a name of up to 80 characters, such as 'My phone'", "name")
    live = db.session.scalar(
        sa.select(sa.func.count(ApiToken.id)).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    )
    if live >= MAX_TOKENS:
        raise Refusal(f"You can have at most {MAX_TOKENS} tokens: revoke one first", "name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    db.session.add(token)
    db.session.flush()
    record("api_token_issued", "api_token", token.id)
    return token, secret


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens."""
    token = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ).first()
    if token is None:
        return False
    token.revoked_at = now_utc()
    record("api_token_revoked", "api_token", token.id)
    return True


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first."""
    return list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        ).all()
    )


def bearer_token() -> str | None:
    """The token in the Authorization header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


# Built once: every API call runs it, and building a statement costs more than running this one. The
# user's columns are read as a plain row and the User made from them (no ORM load on this hot path).
_USER_COLUMNS = [(attr.key, attr.columns[0]) for attr in sa.inspect(User).column_attrs]
_LIVE_TOKEN = (
    sa.select(
        ApiToken.id.label("token_id"),
        ApiToken.token_hash.label("token_hash"),
        ApiToken.last_used_at.label("token_last_used_at"),
        *[column.label(f"user_{key}") for key, column in _USER_COLUMNS],
    )
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == sa.bindparam("digest"), ApiToken.revoked_at.is_(None), User.active.is_(True))
)


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to.

    The token is looked up in a short read of its own, outside the request's transaction: on SQLite a
    writing request takes the writers' lock when its transaction begins, and the lookup need not hold
    it. The user is then attached to the request's session without another query.
    """
    if not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    digest = hash_token(secret)
    with read_only_transactions(), db.engine.connect() as reader:
        row = reader.execute(_LIVE_TOKEN, {"digest": digest}).first()
        reader.rollback()
    if row is None or not hmac.compare_digest(row.token_hash, digest):
        return None
    # Note use on writes only (GETs run in read transactions), and at most once a minute.
    if request.method not in ("GET", "HEAD") and (
        row.token_last_used_at is None or now_utc() - row.token_last_used_at > timedelta(minutes=1)
    ):
        db.session.execute(sa.update(ApiToken).where(ApiToken.id == row.token_id).values(last_used_at=now_utc()))
    user = User(**{key: row._mapping[f"user_{key}"] for key, _column in _USER_COLUMNS})
    make_transient_to_detached(user)  # as if just loaded: no pending changes
    return db.session.merge(user, load=False)


@login_manager.request_loader
def load_user_from_request(req) -> User | None:
    """API requests may authenticate with a Bearer token instead of the session."""
    if not req.path.startswith("/api/"):
        return None
    secret = bearer_token()
    return user_for_token(secret) if secret else None


# Unauthenticated API calls get 401 JSON, never a redirect to the sign-in page.
login_manager.blueprint_login_views["api"] = None
