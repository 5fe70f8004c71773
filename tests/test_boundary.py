"""Input no engine can store is refused at the boundary, before any handler runs."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import AuditEvent, Role
from tests.factories import csrf_token_from


def test_nul_in_a_form_field_is_refused_with_nothing_saved(client, db, coordinator_user):
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={"email": "a\x00b@example.org", "password": "x", "csrf_token": csrf_token_from(page)},
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_nul_in_a_query_string_is_refused(as_role):
    client = as_role(Role.COORDINATOR)
    assert client.get("/admin/users?q=a%00b").status_code in (400, 403)
    assert client.get("/volunteers/?q=a%00b").status_code == 400


def test_nul_in_a_json_body_is_refused_as_json(client, db, volunteer_user):
    from api.auth import issue_token

    _record, token = issue_token(volunteer_user, "test")
    db.session.commit()
    response = client.post(
        "/api/v1/duties",
        data='{"date": "2026-07-04", "notes": "a\\u0000b"}',
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.is_json and "NUL" in response.get_json()["error"]["reason"]


def test_ids_past_what_a_column_holds_are_no_record_not_an_error(as_role):
    """A 20-digit id overflows SQLite's integers and a 10-digit one PostgreSQL's: both are simply not found."""
    client = as_role(Role.COORDINATOR)
    for url in (
        "/volunteers/99999999999999999999",
        "/volunteers/9999999999",
        "/volunteers/2147483648",
        "/scheduling/duties/99999999999999999999/edit",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/volunteers/2147483647").status_code == 404  # the largest id: looked up, not there


def test_method_not_allowed_names_the_allowed_methods(client):
    response = client.delete("/auth/login")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "POST"}
    api = client.delete("/api/v1/openapi.json", headers={"Accept": "application/json"})
    assert api.status_code == 405 and "GET" in api.headers["Allow"]
