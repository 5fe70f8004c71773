"""The audit trail: append-only events of who did what, when."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from core.extensions import db
from core.models import AuditEvent

# Who background work acts for (the worker has no request): (user id, email).
_acting_for: ContextVar[tuple[int | None, str | None] | None] = ContextVar("audit_acting_for", default=None)


@contextmanager
def acting_for(user_id: int | None, email: str | None) -> Iterator[None]:
    """Audit events recorded inside the block (outside a request) name this user as the actor."""
    token = _acting_for.set((user_id, email))
    try:
        yield
    finally:
        _acting_for.reset(token)


def current_actor() -> tuple[int | None, str | None]:
    """The (user id, email) audit events are recorded for now: the signed-in user, or whom the worker acts for."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.email
    return _acting_for.get() or (None, None)


def record(
    action: str,
    object_type: str | None = None,
    object_id: int | None = None,
    detail: dict[str, Any] | None = None,
    actor_email: str | None = None,
    commit: bool = False,
) -> AuditEvent:
    """Add an audit event for the current user (or the given actor) to the session."""
    remote = request.remote_addr if has_request_context() else None
    user_id, acting_email = current_actor()
    actor = actor_email or acting_email
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
