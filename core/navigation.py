"""The service navigation: each blueprint registers its entries with the roles that see them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import request, url_for

from core.models import Role, User


@dataclass(frozen=True)
class NavEntry:
    text: str
    endpoint: str
    roles: frozenset[Role]
    order: int = 100


_ENTRIES: list[NavEntry] = []


def register_nav(text: str, endpoint: str, roles: frozenset[Role] | set[Role], order: int = 100) -> None:
    """Add an entry to the service navigation for the given roles."""
    entry = NavEntry(text, endpoint, frozenset(roles), order)
    if entry not in _ENTRIES:
        _ENTRIES.append(entry)


def nav_items_for(user: User) -> list[dict]:
    """The navigation entries this user sees, in order, with the current one marked active."""
    items = []
    current = request.endpoint or ""
    for entry in sorted(_ENTRIES, key=lambda e: (e.order, e.text)):
        if user.role not in entry.roles:
            continue
        prefix = entry.endpoint.rsplit(".", 1)[0]
        active = current == entry.endpoint or (entry.endpoint.endswith(".index") and current.startswith(prefix + "."))
        items.append({"text": entry.text, "href": url_for(entry.endpoint), "active": active})
    return items
