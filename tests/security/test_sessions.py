"""Sessions: idle and absolute timeouts; logout and disable end every session and remember-me cookie;
Secure cookies outside local development."""

from __future__ import annotations

import time

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from core.auth.sessions import AUTH_AT, SEEN_AT
from tests.factories import PASSWORD, csrf_token_from, sign_in_session
from tests.security.helpers import login, post_form, production_app


def _signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email, PASSWORD).status_code == 302
    return client


def test_idle_timeout(app, coordinator_user):
    client = _signed_in(app, coordinator_user)
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 31 * 60
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get("/dashboard/").status_code == 302


def test_activity_keeps_the_session_alive(app, coordinator_user):
    client = _signed_in(app, coordinator_user)
    with client.session_transaction() as session:
        session[SEEN_AT] = int(time.time()) - 25 * 60
    assert client.get("/dashboard/").status_code == 200
    with client.session_transaction() as session:
        assert session[SEEN_AT] >= int(time.time()) - 5


def test_absolute_timeout(app, coordinator_user):
    client = _signed_in(app, coordinator_user)
    with client.session_transaction() as session:
        session[AUTH_AT] = int(time.time()) - 12 * 3600 - 60
        session[SEEN_AT] = int(time.time())
    assert client.get("/dashboard/").status_code == 302


def test_sign_in_starts_a_new_session(app, coordinator_user):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, coordinator_user.email, PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session[AUTH_AT] <= int(time.time())


def _remember_cookie(app, user):
    client = app.test_client()
    assert login(client, user.email, PASSWORD, remember=True).status_code == 302
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    return client, cookie.value


def _replay(app, value):
    replay = app.test_client()
    replay.set_cookie("remember_token", value)
    return replay.get("/dashboard/")


def test_remember_me_cookie_works_until_logout(app, coordinator_user):
    client, value = _remember_cookie(app, coordinator_user)
    assert _replay(app, value).status_code == 200  # the cookie alone signs in
    page = client.get("/dashboard/").get_data(as_text=True)
    client.post("/auth/logout", data={"csrf_token": csrf_token_from(page)})
    assert _replay(app, value).status_code == 302


def test_remember_me_cookie_dies_when_the_account_is_disabled(app, client, admin_user, coordinator_user):
    _browser, value = _remember_cookie(app, coordinator_user)
    assert _replay(app, value).status_code == 200
    sign_in_session(client, admin_user)
    post_form(client, f"/admin/users/{coordinator_user.id}/active", {}, page_url="/admin/users")
    assert _replay(app, value).status_code == 302


def test_remember_me_cookie_dies_on_password_change(app, coordinator_user):
    client, value = _remember_cookie(app, coordinator_user)
    post_form(
        client,
        "/auth/password",
        {"current_password": PASSWORD, "new_password": "a new passphrase", "confirm_password": "a new passphrase"},
    )
    assert _replay(app, value).status_code == 302


def test_cookie_flags_per_environment(monkeypatch, database_url, tmp_path, app, coordinator_user):
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert not DevelopmentConfig.SESSION_COOKIE_SECURE and not TestingConfig.SESSION_COOKIE_SECURE
    email = coordinator_user.email
    from core.extensions import db

    db.session.close()  # release SQLite's write lock for the production app's requests
    prod = production_app(monkeypatch, database_url, tmp_path, TOTP_REQUIRED_ROLES=())
    client = prod.test_client()
    response = login(client, email, PASSWORD, remember=True, base_url="https://localhost")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 2 and all("Secure" in c and "HttpOnly" in c and "SameSite=Lax" in c for c in cookies)
    with prod.app_context():
        db.engine.dispose()


def test_api_bearer_tokens_are_not_browser_sessions(monkeypatch, database_url, tmp_path, app, db, make_user):
    """A token-authenticated API call gets no session cookie and no enrolment redirect."""
    from api.auth import issue_token
    from core.models import Role

    coordinator = make_user(Role.COORDINATOR)
    _token, secret = issue_token(coordinator, "reporting")
    db.session.commit()
    db.session.close()  # release SQLite's write lock for the production app's requests
    prod = production_app(monkeypatch, database_url, tmp_path)  # two-factor required for coordinators
    response = prod.test_client().get(
        "/api/v1/duties", headers={"Authorization": f"Bearer {secret}"}, base_url="https://localhost"
    )
    assert response.status_code == 200
    assert "session=" not in " ".join(response.headers.getlist("Set-Cookie"))
    with prod.app_context():
        from core.extensions import db as prod_db

        prod_db.engine.dispose()
