"""Helpers for scheduling tests: dates in the recent past and form posts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.factories import csrf_token_from


def past_day(days: int = 10) -> date:
    """A local date safely in the past."""
    return (datetime.now(UTC) - timedelta(days=days)).date()


def post_form(client, url: str, data: dict, get_url: str | None = None, **kwargs):
    """POST a form with the CSRF token read from the page that shows it."""
    page = client.get(get_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)
