"""The audit trail: append-only events of who did what, when."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from core.extensions import db
from core.models import AuditEvent


def record(
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict[str, Any] | None = None,
    actor_email: str | None = None,
    commit: bool = False,
) -> AuditEvent:
    """Add an audit event for the current user (or the given actor) to the session."""
    user_id = None
    actor = actor_email
    remote = None
    if has_request_context():
        remote = request.remote_addr
        if current_user and current_user.is_authenticated:
            user_id = current_user.id
            actor = actor or current_user.email
    event = AuditEvent(
        user_id=user_id,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        remote_addr=remote,
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event
