"""Page titles unique per object and view: the view a page's query string chose, in words.

A filtered, paged, month or period view of a page gets the same title as the page plus what was chosen
("Volunteers (status active, page 2)", "Billericay Town Council: Community Special Constables (February
2025)"), so a title names one page. base.html adds it to every title; a page that already names its
view in its title sets ``view_in_title = true``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import parse_qsl

from flask import has_request_context, request
from markupsafe import Markup

# Query arguments that change nothing a person sees, or that are read only together with another.
IGNORED = frozenset({"fresh", "next", "csrf_token", "to", "start"})
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LONGEST_VALUE = 40


def _day(value: str) -> str:
    try:
        return f"{date.fromisoformat(value):%-d %B %Y}"
    except ValueError:
        return value[:LONGEST_VALUE]


def _value(value: str) -> str:
    value = value.strip()
    if match := MONTH.match(value):
        try:
            return f"{date(int(match[1]), int(match[2]), 1):%B %Y}"
        except ValueError:
            return value
    if DAY.match(value):
        return _day(value)
    return value.replace("_", " ")[:LONGEST_VALUE]


def _part(name: str, value: str, args: Mapping[str, str]) -> str | None:
    if name == "page":
        return None if value in ("", "1") else f"page {value[:6]}"
    if name == "from":
        end = args.get("to")
        return f"{_day(value)} to {_day(end)}" if end else f"from {_day(value)}"
    if name == "view":
        start = args.get("start")
        return f"{_value(value)} from {_day(start)}" if start else _value(value)
    if name in ("month", "year", "period"):
        return _value(value)
    if name == "q":
        return f"matching “{value.strip()[:LONGEST_VALUE]}”"
    return f"{name.replace('_', ' ')} {_value(value)}"


def view_qualifier(args: Mapping[str, str]) -> str:
    """The view the query string chose, in words ("status active, page 2"); empty for the plain page."""
    parts = []
    for name in sorted(args, key=lambda n: (n == "page", n)):
        value = args.get(name) or ""
        if name in IGNORED or not value.strip():
            continue
        if (part := _part(name, value, args)) is not None:
            parts.append(part)
    if "to" in args and "from" not in args and (args.get("to") or "").strip():
        parts.append(f"to {_day(args['to'])}")
    if "start" in args and "view" not in args and (args.get("start") or "").strip():
        parts.append(f"from {_day(args['start'])}")
    return ", ".join(parts)


def page_title(title: str, args: Mapping[str, str]) -> str:
    """The title with the view the query string chose, if any."""
    qualifier = view_qualifier(args)
    return f"{title} ({qualifier})" if title and qualifier else title


def title_for_request(title):
    """Template global: the page's title (markup) with the view the current request's query string chose."""
    qualifier = ""
    if has_request_context() and title and request.query_string:
        # Read from the raw query string: what the view itself reads from request.args stays its own.
        args = dict(parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True))
        qualifier = view_qualifier(args)
    return Markup("{} ({})").format(title, qualifier) if qualifier else title
