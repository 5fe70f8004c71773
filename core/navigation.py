"""The service navigation: each blueprint registers its entries with the roles that see them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request, url_for
from markupsafe import Markup

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


_ITEMS: dict[tuple, list[dict]] = {}


def nav_items_for(user: User) -> list[dict]:
    """The navigation entries this user sees, in order, with the current one marked active (read-only: the
    same list serves every request of that role on that page, built once per process)."""
    current = request.endpoint or ""
    key = (user.role, current, request.script_root, len(_ENTRIES))
    items = _ITEMS.get(key)
    if items is None:
        items = _build_items(user.role, current)
        if len(_ITEMS) < _MAX_RENDERED:
            _ITEMS[key] = items
    return items


def _build_items(role: Role, current: str) -> list[dict]:
    items = []
    for entry in sorted(_ENTRIES, key=lambda e: (e.order, e.text)):
        if role not in entry.roles:
            continue
        prefix = entry.endpoint.rsplit(".", 1)[0]
        active = current == entry.endpoint or (entry.endpoint.endswith(".index") and current.startswith(prefix + "."))
        items.append({"text": entry.text, "href": url_for(entry.endpoint), "active": active})
    return items


# The GOV.UK service navigation is the costliest part of every page's layout to render, and there are
# only a few dozen distinct ones (role x current section). Each is rendered once per process, with a
# marker where the signed-in person's own account links go, and reused.
_ACCOUNT_MARKER = "<!--cip-account-->"
_RENDERED: dict[tuple, Markup] = {}
_MAX_RENDERED = 512


def service_navigation(items: list[dict], home_url: str, account: str | None) -> Markup:
    """The service navigation HTML for these items, with the account block in place."""
    key = (home_url, account is not None, tuple((i["text"], i["href"], i["active"]) for i in items))
    html = _RENDERED.get(key)
    if html is None:
        macro = current_app.jinja_env.get_template(
            "govuk_frontend_jinja/components/service-navigation/macro.html"
        ).module.govukServiceNavigation
        html = macro(
            {
                "serviceName": "Citizens in Policing",
                "serviceUrl": home_url,
                "navigation": items,
                "navigationLabel": "Main menu",
                "slots": {"end": _ACCOUNT_MARKER if account is not None else None},
            }
        )
        if len(_RENDERED) < _MAX_RENDERED:
            _RENDERED[key] = html
    # Markup.replace escapes a plain string; the account block from the template is already Markup.
    return html.replace(_ACCOUNT_MARKER, account if account is not None else "")
