"""Authentication: checking credentials, rotating session tokens, changing passwords."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import current_app

from config import DEMO_PASSWORD_DEFAULT
from core.audit import record
from core.auth.passwords import DUMMY_HASH, hash_password, needs_rehash, password_problem, verify_password
from core.db import utcnow
from core.extensions import db
from core.models import User


class PasswordRejected(ValueError):
    """A new password that the policy refuses."""


def find_user_by_email(email: str) -> User | None:
    """The account with this email (case-insensitive), if any."""
    return db.session.scalars(sa.select(User).where(sa.func.lower(User.email) == email.strip().lower())).first()


def authenticate(email: str, password: str, remote_addr: str | None = None) -> User | None:
    """The active user with these credentials, or None. Records failures (audit and throttle count).

    Success is not yet a sign-in: a second factor may follow; ``finish_login`` records it."""
    from core.auth.throttle import record_failure

    user = find_user_by_email(email)
    if user is None:
        verify_password(DUMMY_HASH, password)
        record("login_failed", detail={"why": "unknown email"}, actor_email=email[:254])
        record_failure(email, remote_addr)
        db.session.commit()
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        why = "wrong password" if user.active else "account disabled"
        record("login_failed", "user", user.id, detail={"why": why}, actor_email=user.email)
        record_failure(email, remote_addr)
        db.session.commit()
        return None
    if current_app.config.get("ENV_NAME") == "production" and password == DEMO_PASSWORD_DEFAULT:
        record("login_failed", "user", user.id, detail={"why": "demo password in production"}, actor_email=user.email)
        record_failure(email, remote_addr)
        db.session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        db.session.commit()
    return user


def finish_login(user: User, second_factor: str | None = None) -> None:
    """Record a completed sign-in and clear the account's failed-attempt count."""
    from core.auth.throttle import clear_failures

    user.last_login_at = utcnow()
    user.password_reset_requested_at = None
    detail = {"second_factor": second_factor} if second_factor else None
    record("login", "user", user.id, detail=detail, actor_email=user.email)
    clear_failures(user.email)
    db.session.commit()


def rotate_session_token(user: User) -> None:
    """End every existing session and remember-me cookie of the user."""
    user.session_token = secrets.token_hex(32)


def set_password(user: User, new_password: str) -> None:
    """Set a new password after checking the policy; ends the user's other sessions."""
    problem = password_problem(new_password, user.email)
    if problem:
        raise PasswordRejected(problem)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    rotate_session_token(user)
