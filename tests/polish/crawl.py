"""Every GET page a demo login reaches, fetched with the test client: the walk the polish tests share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import sqlalchemy as sa
from flask import Flask, url_for

from core.extensions import db
from tests.route_ids import ID_TABLES

# Downloads, feeds and machine endpoints are not pages.
NOT_PAGES = re.compile(r"\.(csv|pdf|ics|json|zip|xlsx)$|^/api/|^/static/|^/healthz|^/readyz|^/auth/logout")
# The table whose rows a route's id names (two rows each: two objects must not share a title).


def _two_ids(table: str) -> list[int]:
    ids = sa.select(sa.column("id")).select_from(sa.table(table))
    low = db.session.scalar(ids.order_by(sa.column("id")).limit(1))
    high = db.session.scalar(ids.order_by(sa.column("id").desc()).limit(1))
    return [i for i in dict.fromkeys((low, high)) if i is not None]


def page_urls(app: Flask, role) -> list[str]:
    """GET pages the role may open: those without parameters, and two objects of each detail route."""
    urls = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            view = app.view_functions[rule.endpoint]
            allowed = getattr(view, "cip_public", False) or role in getattr(view, "cip_roles", frozenset())
            if "GET" not in (rule.methods or ()) or not allowed or NOT_PAGES.search(rule.rule):
                continue
            arguments = sorted(rule.arguments)
            if not arguments:
                urls.append(url_for(rule.endpoint))
            elif len(arguments) == 1 and arguments[0] in ID_TABLES:
                urls.extend(url_for(rule.endpoint, **{arguments[0]: i}) for i in _two_ids(ID_TABLES[arguments[0]]))
    db.session.remove()
    return urls


def pages(client, urls: list[str]) -> Iterator[tuple[str, str]]:
    """(url, html) of each url that answers 200 with an HTML page."""
    for url in urls:
        response = client.get(url)
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        response.close()
        if response.status_code == 200 and html is not None:
            yield url, html


class Page(HTMLParser):
    """The title, and each radio or checkbox input with the legend of the fieldset it is in."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.title, self.inputs, self._legends, self._in = "", [], [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "fieldset":
            self._legends.append("")
        elif tag == "legend" or (tag == "title" and not self.title):  # the page's title, not an SVG's
            self._in = tag
        elif tag == "input" and attributes.get("type") in ("radio", "checkbox"):
            legend = self._legends[-1].strip() if self._legends else None
            self.inputs.append((attributes.get("type"), attributes.get("name"), legend))

    def handle_endtag(self, tag):
        if tag == "fieldset" and self._legends:
            self._legends.pop()
        elif tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in == "legend" and self._legends:
            self._legends[-1] += data
        elif self._in == "title":
            self.title += data
