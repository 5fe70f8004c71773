"""Helpers for scheduling tests: dates in the recent past and form posts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

from tests.factories import csrf_token_from


def past_day(days: int = 10) -> date:
    """A local date safely in the past."""
    return (datetime.now(UTC) - timedelta(days=days)).date()


def post_form(client, url: str, data: dict, get_url: str | None = None, **kwargs):
    """POST a form with the CSRF token read from the page that shows it."""
    page = client.get(get_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


class _FormValues(HTMLParser):
    """The values the last form on a page would post as shown: text inputs, ticked boxes, chosen options."""

    def __init__(self):
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: int | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        ticks = a.get("type") in ("checkbox", "radio")
        if tag == "form":
            self.values = []
        elif tag == "input" and a.get("name") and a.get("type") != "submit" and (not ticks or "checked" in a):
            self.values.append((a["name"], a.get("value") or ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value") or ""))
        elif tag == "textarea":
            self._textarea = len(self.values)
            self.values.append((a.get("name") or "", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            name, text = self.values[self._textarea]
            self.values[self._textarea] = (name, text + data)


def form_values(html: str) -> MultiDict:
    """What the last form on a page would post as shown (whatever its date and time inputs look like)."""
    reader = _FormValues()
    reader.feed(html)
    return MultiDict(reader.values)
