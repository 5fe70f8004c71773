"""Administrators create accounts tied to their scope, reset passwords, disable accounts."""

from __future__ import annotations

import re

import sqlalchemy as sa

from core.models import Role, User
from tests import factories as f
from tests.factories import csrf_token_from, sign_in_form, sign_in_session


def _post_form(client, url, data):
    page = client.get(url).get_data(as_text=True)
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page)})


def test_admin_creates_a_parish_account(client, db, admin_user):
    parish = f.ParishFactory()
    db.session.commit()
    sign_in_session(client, admin_user)
    response = _post_form(
        client,
        "/admin/users/new",
        {
            "display_name": "Clerk",
            "email": "Clerk@Parish.example",
            "role": "parish",
            "parish_id": str(parish.id),
            "esp_business_id": "",
            "command_id": "",
        },
    )
    assert response.status_code == 200
    assert "/auth/set-password/" in response.get_data(as_text=True)
    user = db.session.scalars(sa.select(User).where(User.email == "clerk@parish.example")).one()
    assert user.role == Role.PARISH and user.parish_id == parish.id


def test_scoped_account_needs_its_record(client, db, admin_user):
    sign_in_session(client, admin_user)
    response = _post_form(
        client,
        "/admin/users/new",
        {
            "display_name": "Someone",
            "email": "someone@example.org",
            "role": "employer",
            "parish_id": "",
            "esp_business_id": "",
            "command_id": "",
        },
    )
    assert response.status_code == 200
    assert "must be linked to its record" in response.get_data(as_text=True)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.email == "someone@example.org")) == 0
    )


def test_duplicate_and_malformed_email(client, admin_user, coordinator_user):
    sign_in_session(client, admin_user)
    base = {
        "display_name": "X",
        "role": "coordinator",
        "parish_id": "",
        "esp_business_id": "",
        "command_id": "",
    }
    dup = _post_form(client, "/admin/users/new", {**base, "email": coordinator_user.email})
    assert "already exists" in dup.get_data(as_text=True)
    bad = _post_form(client, "/admin/users/new", {**base, "email": "not-an-email"})
    assert "correct format" in bad.get_data(as_text=True)


def test_posted_role_cannot_escalate_on_password_change(client, db, volunteer_user):
    sign_in_session(client, volunteer_user)
    _post_form(
        client,
        "/auth/password",
        {"current_password": "x", "new_password": "y" * 10, "confirm_password": "y" * 10, "role": "admin"},
    )
    db.session.refresh(volunteer_user)
    assert volunteer_user.role == Role.VOLUNTEER


def _issued_link(html: str) -> str:
    match = re.search(r'id="issued-link">([^<]+)<', html)
    assert match, "no link on the page"
    return match.group(1).replace("http://localhost", "")


def _use_link(client, path, password):
    page = client.get(path)
    return client.post(
        path,
        data={
            "new_password": password,
            "confirm_password": password,
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )


def test_reset_link_and_disable(app, client, db, admin_user, coordinator_user):
    sign_in_session(client, admin_user)
    response = _post_form(client, f"/admin/users/{coordinator_user.id}/password", {})
    assert response.status_code == 200
    link = _issued_link(response.get_data(as_text=True))
    visitor = app.test_client()
    assert _use_link(visitor, link, "brand new temp").status_code == 302
    assert sign_in_form(app.test_client(), coordinator_user.email, "brand new temp").status_code == 302
    page = client.get("/admin/users").get_data(as_text=True)
    client.post(f"/admin/users/{coordinator_user.id}/active", data={"csrf_token": csrf_token_from(page)})
    db.session.refresh(coordinator_user)
    assert coordinator_user.active is False
    assert sign_in_form(app.test_client(), coordinator_user.email, "brand new temp").status_code == 200


def test_unknown_user_is_404(client, admin_user):
    sign_in_session(client, admin_user)
    assert client.get("/admin/users/999999/password").status_code == 404
