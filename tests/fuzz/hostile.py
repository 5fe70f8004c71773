"""Hostile values and the checks every fuzzed response must pass."""

from __future__ import annotations

import os
import re
import urllib.parse

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from core.extensions import db

EXAMPLES = int(os.environ.get("CIP_FUZZ_EXAMPLES", "5"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
MARKER = "<script>alert('cip-fuzz')</script>"
NASTY = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "x" * 10_000,
    MARKER,
    f'"><{MARKER[1:]}',
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "NaN",
    "nan",
    "inf",
    "-inf",
    "-1",
    "-2147483649",
    "99999999999999999999999",
    "1e309",
    "0",
    "0001-01-01",
    "9999-12-31",
    "0000-00-00",
    "2026-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "25:61",
    "",
    " ",
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    "../../etc/passwd",
    "' OR '1'='1",
    "🚓" * 50,
    "\u202e",
    "line\r\nbreak",
]
HOSTILE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates().map(str),
    st.sampled_from(NASTY).flatmap(lambda a: st.sampled_from(NASTY).map(lambda b: a + b)),
)
# The audit trail and the record of background work (a refused import is still a job that ran) are written by design.
EXCLUDED_TABLES = re.compile(r"audit|login|throttle|attempt|alembic|background_jobs|worker_heartbeats")


def form_body(values: dict[str, str]) -> bytes:
    """An urlencoded body; lone surrogates go out as the (invalid) UTF-8 bytes a hostile client could send."""
    return "&".join(
        f"{urllib.parse.quote(k)}={urllib.parse.quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in values.items()
    ).encode()


def row_counts() -> dict[str, int]:
    """Rows in every table that a refused request must leave alone (one UNION ALL round trip)."""
    tables = [t for t in db.metadata.sorted_tables if not EXCLUDED_TABLES.search(t.name)]
    union = sa.union_all(
        *(sa.select(sa.literal(t.name).label("t"), sa.func.count().label("n")).select_from(t) for t in tables)
    )
    counts = dict(db.session.execute(union).all())
    db.session.remove()
    return counts


def assert_safe_output(response, where: str) -> None:
    """No server error, and the marker never comes back as live markup in HTML."""
    assert response.status_code < 500, f"{where} answered {response.status_code}"
    if "html" in (response.content_type or ""):
        assert MARKER not in response.get_data(as_text=True), f"{where} echoed markup unescaped"


def is_refusal(response) -> bool:
    """A re-rendered form with errors, or a 4xx answer: nothing should have been written."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and "html" in (response.content_type or ""):
        return "govuk-error-summary" in response.get_data(as_text=True)
    return False
