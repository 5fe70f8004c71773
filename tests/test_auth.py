"""Sign in, sign out, password change, CSRF, throttling, safe redirects, sessions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.auth.routes import safe_next
from core.models import AuditEvent, Role
from tests.factories import PASSWORD, csrf_token_from, sign_in_form, sign_in_session


def _home_path(app, role: Role) -> str:
    from flask import url_for

    from core.landing import home_endpoint

    with app.test_request_context():
        return url_for(home_endpoint(role))


def test_sign_in_through_the_form_lands_on_the_role_home(app, client, coordinator_user):
    response = sign_in_form(client, coordinator_user.email)
    assert response.status_code == 302
    home = client.get("/", follow_redirects=True)
    assert home.status_code == 200
    assert home.request.path == _home_path(app, Role.COORDINATOR)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_has_its_own_home(app, client, make_user, role):
    user = make_user(role)
    sign_in_form(client, user.email)
    page = client.get("/", follow_redirects=True)
    assert page.status_code == 200
    assert page.request.path == _home_path(app, role)


def test_wrong_password_is_refused_and_audited(client, db, coordinator_user):
    response = sign_in_form(client, coordinator_user.email, "not the password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "login_failed" in actions


def test_unknown_email_gets_the_same_message(client):
    response = sign_in_form(client, "nobody@example.org", "whatever-password")
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_disabled_account_cannot_sign_in(client, db, coordinator_user):
    coordinator_user.active = False
    db.session.commit()
    response = sign_in_form(client, coordinator_user.email)
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_forged_csrf_token_is_refused(client, coordinator_user):
    client.get("/auth/login")
    response = client.post(
        "/auth/login", data={"email": coordinator_user.email, "password": PASSWORD, "csrf_token": "forged"}
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_missing_csrf_token_on_logout_is_refused(client, coordinator_user):
    sign_in_session(client, coordinator_user)
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/dashboard/").status_code == 200


def test_login_is_throttled(app, client, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [sign_in_form(client, coordinator_user.email, "wrong-password").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3] == 429
    assert "Too many" in sign_in_form(client, coordinator_user.email).get_data(as_text=True)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/volunteers/", "/volunteers/"),
        ("https://evil.example/", None),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_safe_next(target, expected):
    assert safe_next(target) == expected


def test_next_redirect_stays_on_site(client, coordinator_user):
    page = client.get("/auth/login?next=https://evil.example/")
    response = client.post(
        "/auth/login?next=https://evil.example/",
        data={
            "email": coordinator_user.email,
            "password": PASSWORD,
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )
    assert response.headers["Location"].endswith("/home")


def test_logout_invalidates_a_copied_session_cookie(app, coordinator_user):
    first = app.test_client()
    sign_in_form(first, coordinator_user.email)
    cookie = first.get_cookie("session")
    assert first.get("/dashboard/").status_code == 200
    page = first.get("/dashboard/").get_data(as_text=True)
    first.post("/auth/logout", data={"csrf_token": csrf_token_from(page)})
    replay = app.test_client()
    replay.set_cookie("session", cookie.value)
    assert replay.get("/dashboard/").status_code == 302


def test_password_change_keeps_this_session_and_ends_others(app, db, coordinator_user):
    me, other = app.test_client(), app.test_client()
    sign_in_form(me, coordinator_user.email)
    sign_in_form(other, coordinator_user.email)
    page = me.get("/auth/password").get_data(as_text=True)
    response = me.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a much longer passphrase",
            "confirm_password": "a much longer passphrase",
            "csrf_token": csrf_token_from(page),
        },
    )
    assert response.status_code == 302
    assert me.get("/dashboard/").status_code == 200
    assert other.get("/dashboard/").status_code == 302
    me2 = app.test_client()
    assert sign_in_form(me2, coordinator_user.email, "a much longer passphrase").status_code == 302


def test_password_change_refuses_short_and_wrong_current(client, coordinator_user):
    sign_in_session(client, coordinator_user)
    page = client.get("/auth/password").get_data(as_text=True)
    response = client.post(
        "/auth/password",
        data={
            "current_password": "wrong",
            "new_password": "short",
            "confirm_password": "short",
            "csrf_token": csrf_token_from(page),
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Password must be 8 to 128 characters" in text


def test_session_cookie_flags(client, coordinator_user):
    response = sign_in_form(client, coordinator_user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_error_pages(client, coordinator_user):
    assert "Page not found" in client.get("/no/such/page").get_data(as_text=True)
    sign_in_session(client, coordinator_user)
    forbidden = client.get("/admin/home")
    assert forbidden.status_code == 403
    assert "permission" in forbidden.get_data(as_text=True)


def test_security_headers_on_pages(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
