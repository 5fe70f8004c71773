"""The JSON API fed hostile bodies (documented fields with hostile values, wrong types, NaN, huge numbers,
NUL and lone surrogates): never a 500, nothing written when it refuses, errors are JSON."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from core.extensions import db
from core.models import User
from tests.fuzz.hostile import FUZZ_SETTINGS, NASTY, row_counts

JSON_VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.dates().map(str),
    st.sampled_from(["patrol", "06:00", "06:30", "2025-01-01", "1999-12-31", True]),
)


def _token(email: str) -> str:
    from api.auth import issue_token

    user = db.session.scalar(sa.select(User).where(User.email == email))
    _token_row, secret = issue_token(user, "fuzz")
    db.session.commit()
    db.session.remove()
    return secret


def _operations(app) -> list[tuple[str, str, dict]]:
    """(path, method, request body schema) of every documented operation with a JSON body."""
    client = app.test_client()
    doc = client.get("/api/v1/openapi.json").get_json()
    ops = []
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            if method.lower() != "post":
                continue
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            while "$ref" in schema:
                schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            ops.append((path, method.upper(), schema))
    return ops


def _concrete(path: str) -> str:
    from scheduling.models import Shift

    shift = db.session.scalar(sa.select(sa.func.max(Shift.id))) or 1
    db.session.remove()
    return path.replace("{shift_id}", str(shift))


@pytest.mark.parametrize("who", ["special@example.org", "coordinator@example.org"])
def test_hostile_json_bodies(fuzz_app, who):
    token = _token(who)
    client = fuzz_app.test_client()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    operations = _operations(fuzz_app)
    assert operations, "the OpenAPI document lists no POST operation"
    for path, method, schema in operations:
        url = "/api/v1" + _concrete(path) if not path.startswith("/api/") else _concrete(path)
        names = list(schema.get("properties", {})) + ["unexpected"]
        _attack(client, url, method, headers, names)


def _attack(client, url: str, method: str, headers: dict, names: list[str]) -> None:
    """Hypothesis over one operation: documented field names with hostile values, or a hostile non-object."""
    bodies = st.one_of(st.dictionaries(st.sampled_from(names), JSON_VALUES, max_size=len(names)), JSON_VALUES)

    @FUZZ_SETTINGS
    @given(body=bodies)
    def attack(body):
        before = row_counts()
        raw = json.dumps(body, allow_nan=True)
        response = client.open(url, method=method, data=raw.encode("utf-8", "surrogatepass"), headers=headers)
        assert response.status_code < 500, f"{method} {url} with {raw[:200]!r} answered {response.status_code}"
        if 400 <= response.status_code < 500:
            assert response.is_json, f"{method} {url} refused without a JSON error"
            assert row_counts() == before, f"{method} {url} refused but wrote rows"

    attack()


DEEP = pytest.param(b'{"a":' * 5000, id="deep")


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"[]", b"null", b'{"date": "\x00"}', b"\xff\xfe", DEEP, b" " * 100_000],
    ids=["empty", "truncated", "array", "null", "nul", "bad-utf8", "deep", "spaces"],
)
def test_malformed_bodies_are_refused_as_json(fuzz_app, raw):
    client = fuzz_app.test_client()
    headers = {"Authorization": f"Bearer {_token('special@example.org')}", "Content-Type": "application/json"}
    before = row_counts()
    response = client.post("/api/v1/duties", data=raw, headers=headers)
    assert 400 <= response.status_code < 500, response.status_code
    assert response.is_json
    assert row_counts() == before
