"""Helpers for the tests that walk the dashboard: a seeded database per module, and reading figures off pages."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from core import data_versions
from core.extensions import db
from core.factory import create_app
from core.models import Role
from tests.conftest import ON_POSTGRES, PG_URL, _config, _truncate_all
from tests.factories import sign_in_session


def seeded_app(migrated_template: str, folder: Path, fill: Callable[[], None]) -> Iterator[Flask]:
    """An app on its own migrated database (a copy of the template; PostgreSQL: the test database, emptied
    afterwards), filled once by ``fill`` for a whole module."""
    if ON_POSTGRES:
        url = PG_URL
        _truncate_all(url)
    else:
        path = folder / "walk.sqlite3"
        shutil.copyfile(migrated_template, path)
        url = f"sqlite:///{path}"
    app = create_app(_config(url, RATELIMIT_ENABLED=False, REPORTS_DIR=str(folder / "reports")))
    for kept in data_versions.CACHES:
        kept.clear()
    with app.app_context():
        fill()
        db.session.commit()
        db.session.remove()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        for kept in data_versions.CACHES:
            kept.clear()
        if ON_POSTGRES:
            _truncate_all(url)


def signed_in(app: Flask, role: Role = Role.COORDINATOR, **kwargs) -> FlaskClient:
    """A client signed in as the first user of ``role`` (``parish_id=`` etc. narrow the choice)."""
    import sqlalchemy as sa

    from core.models import User

    with app.app_context():
        stmt = sa.select(User).where(User.role == role).order_by(User.id)
        for name, value in kwargs.items():
            stmt = stmt.where(getattr(User, name) == value)
        user = db.session.scalars(stmt).first()
        assert user is not None, f"no {role.value} user"
        client = app.test_client()
        sign_in_session(client, user)
        db.session.remove()
    return client


def text(fragment: str) -> str:
    """The visible words of an HTML fragment, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def number(value: str) -> int:
    """'1,234' -> 1234."""
    return int(value.replace(",", "").strip())


def main_of(page: str) -> str:
    return page.split('<main class="govuk-main-wrapper', 1)[1].split("</main>", 1)[0]


def linked_figures(page: str) -> list[tuple[str, int, str]]:
    """(label, number, href) for every figure on a dashboard page that links to a list: the figure cards, the
    rows of the count tables, and the approved duties by programme and in all."""
    main = main_of(page)
    found = []
    for card in main.split('<li class="cip-figure')[1:]:
        card = card.split("</li>", 1)[0]
        link = re.search(r'class="govuk-link cip-figure__link" href="([^"]+)"', card)
        value = re.search(r'<span class="cip-figure__value">([^<]*)</span>', card)
        label = re.search(r'<span class="cip-figure__label">([^<]*)</span>', card)
        if link and value:
            found.append((text(label.group(1)), number(value.group(1)), html.unescape(link.group(1))))
    row = re.compile(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="([^"]+)">([^<]*)</a></th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>'
    )
    for href, label, value in row.findall(main):
        found.append((text(label), number(value), html.unescape(href)))
    by_programme = re.compile(
        r'<th scope="row" class="govuk-table__header">([^<]*)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">'
        r'<a class="govuk-link" href="([^"]+)">([^<]*)</a></td>'
    )
    for label, href, value in by_programme.findall(main):
        found.append((f"Approved duties: {text(label)}", number(value), html.unescape(href)))
    duties = re.search(r'<a class="govuk-link" href="([^"]+)">See approved duties</a>', main)
    total = re.search(r'Approved duties and hours by programme.*?<th scope="row" class="govuk-table__header">Total</th>'
                      r'\s*<td[^>]*><strong>([^<]*)</strong>', main, re.S)  # fmt: skip
    if duties and total:
        found.append(("Approved duties", number(total.group(1)), html.unescape(duties.group(1))))
    return found


def read_list(client: FlaskClient, href: str) -> tuple[int, int, str]:
    """(the number the list's heading leads with, how many items it says it lists, the heading), after checking
    that the rows it shows (on its last page, where it has several) agree with that count."""
    response = client.get(href)
    assert response.status_code == 200, (href, response.status_code)
    page = response.get_data(as_text=True)
    heading = re.search(r'<h1 class="govuk-heading-l" data-count="(\d+)">([^<]*)</h1>', page)
    assert heading, f"{href}: no counted heading"
    count, words = int(heading.group(1)), text(heading.group(2))
    lead = number(re.match(r"[\d,]+", words).group(0))
    pages = re.search(r"page \d+ of (\d+)\.", page)
    if pages:  # the last page holds what is left after the full ones
        last = int(pages.group(1))
        size = len(re.findall(r'<tr class="govuk-table__row">', page.split("<tbody", 1)[1]))
        tail = client.get(f"{href}&page={last}").get_data(as_text=True)
        rows = (last - 1) * size + len(re.findall(r'<tr class="govuk-table__row">', tail.split("<tbody", 1)[1]))
    else:
        rows = len(re.findall(r'<tr class="govuk-table__row">', page.split("<tbody", 1)[1])) if "<tbody" in page else 0
    assert rows == count, f"{href}: says {count} but lists {rows}"
    return lead, count, words
