"""Proxy headers are believed only when CIP_PROXY_COUNT says a proxy is in front: sign-in limits, audit, ids."""

from __future__ import annotations

import sqlalchemy as sa

from core.auth import tokens
from core.extensions import db as _db
from core.factory import create_app
from core.models import AuditEvent, LoginAttempt
from tests.conftest import _config
from tests.factories import PASSWORD
from tests.security.helpers import login, post_form

FAST = "100000 per minute"  # Flask-Limiter's coarse per-address limit out of the way: the database limit is tested


def _spray(client, accounts: int) -> list[int]:
    """Wrong passwords against many accounts, each attempt claiming a new client address."""
    return [
        login(
            client, f"target{i}@example.org", "Winter2026!", headers={"X-Forwarded-For": f"203.0.113.{i + 1}"}
        ).status_code
        for i in range(accounts)
    ]


def test_spraying_with_forged_addresses_is_refused_without_a_proxy(app, db):
    app.config.update(LOGIN_RATE_LIMIT=FAST, LOGIN_MAX_FAILURES_PER_ADDRESS=20)
    assert app.config["PROXY_COUNT"] == 0
    codes = _spray(app.test_client(), 30)
    assert codes == [200] * 20 + [429] * 10
    # The audit log and the throttle hold the real peer address, never a forged one.
    addresses = set(db.session.scalars(sa.select(AuditEvent.remote_addr)))
    assert addresses == {"127.0.0.1"}
    assert set(db.session.scalars(sa.select(LoginAttempt.remote_addr))) == {"127.0.0.1"}


def test_with_one_trusted_proxy_the_header_names_the_client(app, db, database_url, tmp_path):
    db.session.close()
    behind_proxy = create_app(_config(database_url, PROXY_COUNT=1, LOGIN_RATE_LIMIT=FAST))
    try:
        codes = _spray(behind_proxy.test_client(), 30)
        assert codes == [200] * 30  # thirty different clients, one failure each
        with behind_proxy.app_context():
            recorded = set(_db.session.scalars(sa.select(LoginAttempt.remote_addr)))
        assert recorded == {f"203.0.113.{i + 1}" for i in range(30)}
        # The same client through the proxy is limited as one address.
        client = behind_proxy.test_client()
        same = [
            login(client, f"other{i}@example.org", "wrong", headers={"X-Forwarded-For": "198.51.100.7"}).status_code
            for i in range(21)
        ]
        assert same[-1] == 429 and same[:20] == [200] * 20
    finally:
        with behind_proxy.app_context():
            _db.engine.dispose()


def test_a_locked_account_is_unlocked_by_its_reset_link(app, db, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = FAST
    email = coordinator_user.email
    attacker = app.test_client()
    for i in range(5):
        login(attacker, email, "wrong password", environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
    owner = app.test_client()
    assert login(owner, email, PASSWORD, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 429
    # Asking for a reset is not blocked by the lock ...
    asked = post_form(owner, "/auth/forgotten-password", {"email": email}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert asked.status_code == 200
    raw = tokens.issue_token(coordinator_user, tokens.RESET)  # the link an administrator passes on
    db.session.commit()
    # ... nor is choosing a new password from the link, which clears the lock.
    chosen = post_form(
        owner,
        f"/auth/set-password/{raw}",
        {"new_password": "a brand new passphrase 2026", "confirm_password": "a brand new passphrase 2026"},
        environ_base={"REMOTE_ADDR": "10.9.9.9"},
    )
    assert chosen.status_code == 302, chosen.get_data(as_text=True)
    signed_in = login(owner, email, "a brand new passphrase 2026", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert signed_in.status_code == 302


def test_request_ids_are_generated_unless_a_proxy_is_trusted(app, database_url, tmp_path):
    client = app.test_client()
    first = client.get("/auth/login", headers={"X-Request-ID": "forged-by-client"})
    second = client.get("/auth/login")
    ids = {first.headers["X-Request-ID"], second.headers["X-Request-ID"]}
    assert len(ids) == 2 and "forged-by-client" not in ids
    behind_proxy = create_app(_config(database_url, PROXY_COUNT=1))
    try:
        proxied = behind_proxy.test_client()
        assert proxied.get("/auth/login", headers={"X-Request-ID": "edge-42"}).headers["X-Request-ID"] == "edge-42"
        odd = proxied.get("/auth/login", headers={"X-Request-ID": "bad id\twith tab"}).headers["X-Request-ID"]
        assert odd != "bad id\twith tab" and len(odd) == 32
    finally:
        with behind_proxy.app_context():
            _db.engine.dispose()


def _environ_after_request(app, headers: dict) -> dict:
    """The WSGI environ as the app saw it (ProxyFix, when installed, rewrites it in place)."""
    from werkzeug.test import EnvironBuilder

    environ = EnvironBuilder(path="/auth/login", base_url="http://cip.internal", headers=headers).get_environ()
    environ["REMOTE_ADDR"] = "10.0.0.5"
    body = app.wsgi_app(environ, lambda status, response_headers, exc_info=None: None)
    b"".join(body)
    return environ


FORGED = {"X-Forwarded-For": "203.0.113.50", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}


def test_urls_ignore_forwarded_host_and_scheme_without_a_proxy(app, database_url, tmp_path):
    seen = _environ_after_request(app, FORGED)
    assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"], seen["HTTP_HOST"]) == ("10.0.0.5", "http", "cip.internal")
    behind_proxy = create_app(_config(database_url, PROXY_COUNT=1))
    try:
        seen = _environ_after_request(behind_proxy, FORGED)
        assert (seen["REMOTE_ADDR"], seen["wsgi.url_scheme"], seen["HTTP_HOST"]) == (
            "203.0.113.50",
            "https",
            "evil.example",
        )
    finally:
        with behind_proxy.app_context():
            _db.engine.dispose()
