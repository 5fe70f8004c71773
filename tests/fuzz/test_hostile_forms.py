"""Every form a coordinator can post, fed hostile values: never a 500, nothing written on a refusal,
nothing echoed unescaped."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from hypothesis import given
from hypothesis import strategies as st

from config import TestingConfig
from core.extensions import db
from core.factory import create_app
from tests.fuzz.conftest import signed_in
from tests.fuzz.hostile import FUZZ_SETTINGS, HOSTILE, assert_safe_output, form_body, is_refusal, row_counts
from tests.route_ids import ID_TABLES as BASE_ID_TABLES

# Signing out, two-factor set-up and erasure change who is signed in or remove the records under test.
SKIP = {
    "auth.logout",
    "auth.two_factor_setup",
    "auth.two_factor_disable",
    "auth.two_factor",
    "privacy.erase",
    "auth.login",
    "static",
}
ID_TABLES = {
    **BASE_ID_TABLES,
    "signup_id": "shift_signups",
    "token_id": "api_tokens",
    "run_id": "job_runs",
    "job_id": "background_jobs",
}
GENERIC_FIELDS = [
    "name",
    "reason",
    "note",
    "notes",
    "members",
    "recorded_on",
    "subject",
    "location",
    "status",
    "occurred_on",
    "confirm",
    "start",
    "end",
    "day",
    "date",
    "job",
]


def _post_routes() -> list[tuple[str, str]]:
    app = create_app(type("Enumerate", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    rules = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and rule.endpoint not in SKIP and not rule.rule.startswith("/api/"):
            rules.append((rule.endpoint, rule.rule))
    return sorted(rules)


def _string_arg(endpoint: str, name: str) -> str:
    if name == "kind":
        from volunteers import people

        if "record" in endpoint:
            from volunteers import routes

            return next(iter(getattr(routes, "RECORD_FORMS", {"training": None})))
        return next(iter(people.KINDS))
    return "x"


def _url(app: Flask, endpoint: str) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for arg in rule.arguments:
        table = ID_TABLES.get(arg)
        if table:
            order = sa.desc("id") if arg == "user_id" else sa.asc("id")  # not the coordinator's own account
            values[arg] = (
                db.session.scalar(sa.select(sa.column("id")).select_from(sa.table(table)).order_by(order)) or 1
            )
        else:
            values[arg] = _string_arg(endpoint, arg)
    db.session.remove()
    with app.test_request_context():
        return url_for(endpoint, **values)


def _fields(client, url: str) -> dict[str, list[str]]:
    """The form's field names and their offered values (select options, radios, defaults), from the GET page."""
    page = client.get(url)
    if page.status_code != 200 or "html" not in (page.content_type or ""):
        return {name: [] for name in GENERIC_FIELDS}
    html = page.get_data(as_text=True)
    form = re.search(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S | re.I)
    html = form.group(1) if form else html
    fields: dict[str, list[str]] = {}
    for tag in re.finditer(r"<(input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"[^>]*>", html):
        name = tag.group(2)
        if name == "csrf_token":
            continue
        value = re.search(r"\bvalue=\"([^\"]*)\"", tag.group(0))
        fields.setdefault(name, []).extend([value.group(1)] if value else [])
    for select in re.finditer(r"<select\b[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", html, re.S):
        fields.setdefault(select.group(1), []).extend(re.findall(r"<option[^>]*value=\"([^\"]*)\"", select.group(2)))
    return fields or {name: [] for name in GENERIC_FIELDS}


POST_ROUTES = _post_routes()


@pytest.mark.parametrize(("endpoint", "rule"), POST_ROUTES, ids=[e for e, _ in POST_ROUTES])
def test_hostile_form_posts(fuzz_app, endpoint, rule):
    client = signed_in(fuzz_app, "admin@example.org" if endpoint.startswith("admin.") else "coordinator@example.org")
    url = _url(fuzz_app, endpoint)
    fields = _fields(client, url)

    def value_for(offered: list[str]):
        plausible = [v for v in offered if v] or ["1"]
        return st.one_of(HOSTILE, st.sampled_from(plausible))

    strategy = st.fixed_dictionaries({name: value_for(offered) for name, offered in fields.items()})

    @FUZZ_SETTINGS
    @given(values=strategy)
    def attack(values):
        before = row_counts()
        response = client.post(url, data=form_body(values), content_type="application/x-www-form-urlencoded")
        assert_safe_output(response, f"POST {url}")
        if is_refusal(response):
            after = row_counts()
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            assert not changed, f"POST {url} refused ({response.status_code}) but wrote rows: {changed}"

    attack()
