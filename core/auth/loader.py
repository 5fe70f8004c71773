"""Flask-Login user loading: the session's id carries the user's session token."""

from __future__ import annotations

import hmac

from core.extensions import db, login_manager
from core.models import User
from core.params import whole_number

login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see this page"
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    """Load the user only while the token in the session matches the current one."""
    number, _, token = identity.partition(":")
    user_id = whole_number(number)
    if user_id is None or not token:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user
