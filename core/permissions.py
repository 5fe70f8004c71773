"""The one place that decides what the current user may reach, read and write.

Every view declares who may call it with ``@allow(...)`` or ``@public``; a route with
neither fails the authorisation-matrix test. Objects are read through ``scoped_select``
and ``get_scoped_or_404``, which apply the scope rule registered for the model (a
volunteer sees only their own records, a parish council only its own posts, ...).
A model without a rule is visible to staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from core.extensions import db, login_manager
from core.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M")

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.COORDINATOR})
STAFF_AND_SUPERVISORS = STAFF | {Role.SUPERVISOR}

ScopeRule = Callable[[User, sa.Select], sa.Select]
_SCOPE_RULES: dict[type, ScopeRule] = {}


def allow(*roles: Role | frozenset[Role]) -> Callable[[F], F]:
    """Let only signed-in users with one of these roles call the view; others get 401/403."""
    allowed: set[Role] = set()
    for role in roles:
        allowed.update(role if isinstance(role, frozenset) else {role})
    frozen = frozenset(allowed)

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in frozen:
                deny(f"role {current_user.role.value} may not call {request.endpoint}")
            return view(*args, **kwargs)

        guarded.cip_roles = frozen  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Mark a view as open to everyone, signed in or not (login page, accessibility statement)."""
    view.cip_public = True  # type: ignore[attr-defined]
    return view


def deny(reason: str, status: int = 403) -> None:
    """Refuse the request, recording the refusal in the audit trail."""
    from core.audit import record

    record("access_refused", detail={"reason": reason, "path": request.path}, commit=True)
    abort(status)


def register_scope(model: type, rule: ScopeRule) -> None:
    """Register how to narrow a select of ``model`` to what a user may see."""
    _SCOPE_RULES[model] = rule


def scoped_select(model: type[M], user: User) -> sa.Select:
    """``select(model)`` narrowed to the user's scope (staff-only for models without a rule)."""
    stmt = sa.select(model)
    rule = _SCOPE_RULES.get(model)
    if rule is not None:
        return rule(user, stmt)
    if user.role in STAFF_AND_SUPERVISORS:
        return stmt
    return stmt.where(sa.false())


def get_scoped_or_404(model: type[M], object_id: int, user: User | None = None, options: tuple = ()) -> M:
    """Load one object the user may see (with loader ``options``); anything else (missing or foreign) answers 404."""
    pk = sa.inspect(model).primary_key[0]
    obj = db.session.scalars(
        scoped_select(model, user if user is not None else current_user).where(pk == object_id).options(*options)
    ).first()
    if obj is None:
        abort(404)
    return obj


def is_staff(user: User | None = None) -> bool:
    """Whether the user is on the CiP team (admin or coordinator)."""
    user = user if user is not None else current_user
    return bool(user and user.is_authenticated and user.role in STAFF)


def compiles_returns(user: User | None = None) -> bool:
    """Whether the user may read equality answers and figures built from them: an active admin or coordinator
    granted the permission to compile returns (nobody else, whatever the flag says)."""
    user = user if user is not None else current_user
    return bool(
        user
        and user.is_authenticated
        and user.active
        and user.role in STAFF
        and getattr(user, "compiles_returns", False)
    )


def require_compiles_returns() -> None:
    """Refuse (403, audited) anyone who may not read equality answers."""
    if not compiles_returns():
        deny(f"no permission to compile returns for {request.endpoint}")
