"""Session lifetime: a fresh session at sign-in, idle and absolute timeouts checked on each request."""

from __future__ import annotations

import time

from flask import current_app, session
from flask_login import login_user, logout_user

from core.models import User

AUTH_AT = "_auth_at"
SEEN_AT = "_seen_at"
DEFAULT_IDLE_SECONDS = 30 * 60
DEFAULT_ABSOLUTE_SECONDS = 12 * 3600
# Rewrite the cookie for activity at most this often, so reads do not set a cookie every time.
TOUCH_EVERY_SECONDS = 60


def start_session(user: User, remember: bool = False) -> None:
    """Sign the user in on a brand-new session (no fixation), stamped with the sign-in time."""
    session.clear()
    login_user(user, remember=remember)
    now = int(time.time())
    session[AUTH_AT] = now
    session[SEEN_AT] = now


def _limits() -> tuple[int, int]:
    config = current_app.config
    return (
        int(config.get("SESSION_IDLE_TIMEOUT_SECONDS", DEFAULT_IDLE_SECONDS)),
        int(config.get("SESSION_ABSOLUTE_TIMEOUT_SECONDS", DEFAULT_ABSOLUTE_SECONDS)),
    )


def session_expired(now: int | None = None) -> bool:
    """Whether the signed-in session is past its idle or absolute limit; refreshes the activity time."""
    now = int(time.time()) if now is None else now
    idle, absolute = _limits()
    auth_at = session.get(AUTH_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(auth_at, int) or not isinstance(seen_at, int):
        # A session restored from a remember-me cookie (or made by a test helper) starts now.
        session[AUTH_AT] = session[SEEN_AT] = now
        return False
    if now - seen_at > idle or now - auth_at > absolute:
        return True
    if now - seen_at >= TOUCH_EVERY_SECONDS:
        session[SEEN_AT] = now
    return False


def end_session() -> None:
    """Sign out this browser: the session and its remember-me cookie are dropped."""
    logout_user()
    session.clear()
