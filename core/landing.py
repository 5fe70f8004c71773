"""Which page each role lands on after signing in: feature blueprints register their own."""

from __future__ import annotations

from core.models import Role

_HOMES: dict[Role, str] = {}


def register_home(role: Role, endpoint: str) -> None:
    """Set the page a role lands on after signing in."""
    _HOMES[role] = endpoint


def home_endpoint(role: Role) -> str:
    """The endpoint of the role's landing page."""
    return _HOMES[role]
