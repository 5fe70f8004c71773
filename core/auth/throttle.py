"""Login throttling per account and per address, counted in the database so every worker shares it."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from core.db import utcnow
from core.extensions import db
from core.models import LoginAttempt

DEFAULTS = {
    "LOGIN_THROTTLE_WINDOW_SECONDS": 15 * 60,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
}


def _setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def window() -> timedelta:
    """How far back failures count."""
    return timedelta(seconds=_setting("LOGIN_THROTTLE_WINDOW_SECONDS"))


def _normal(email: str | None) -> str:
    return (email or "").strip().lower()[:254]


def record_failure(email: str | None, remote_addr: str | None) -> None:
    """Count one failed attempt (password or second factor) against the account and the address."""
    db.session.add(LoginAttempt(email=_normal(email), remote_addr=(remote_addr or "unknown")[:64]))


def clear_failures(email: str) -> None:
    """Forget an account's failures after it signs in (the address count stays)."""
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.email == _normal(email)))


def is_throttled(email: str | None, remote_addr: str | None) -> bool:
    """Whether the account or the address has failed too often within the window."""
    since = utcnow() - window()
    recent = sa.select(sa.func.count()).select_from(LoginAttempt).where(LoginAttempt.occurred_at >= since)
    email = _normal(email)
    if email and db.session.scalar(recent.where(LoginAttempt.email == email)) >= _setting(
        "LOGIN_MAX_FAILURES_PER_ACCOUNT"
    ):
        return True
    address = (remote_addr or "unknown")[:64]
    return db.session.scalar(recent.where(LoginAttempt.remote_addr == address)) >= _setting(
        "LOGIN_MAX_FAILURES_PER_ADDRESS"
    )


def purge_older_than(days: int, dry_run: bool = False) -> int:
    """Delete attempts older than ``days`` (retention); returns how many."""
    cutoff = utcnow() - timedelta(days=days)
    where = LoginAttempt.occurred_at < cutoff
    count = db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt).where(where)) or 0
    if not dry_run and count:
        db.session.execute(sa.delete(LoginAttempt).where(where))
    return count
