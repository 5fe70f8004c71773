"""Security headers on every response; no caching of signed-in pages and downloads; HSTS in production."""

from __future__ import annotations

import pytest
from flask import url_for

from core.models import Role
from tests.factories import sign_in_session
from tests.security.helpers import production_app

SKIP = {"static", "auth.logout"}


def _get_urls(app):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint in SKIP or "GET" not in (rule.methods or set()):
                continue
            args = {
                name: (999999 if "int" in type(rule._converters.get(name)).__name__.lower() else "x")
                for name in rule.arguments
            }
            yield url_for(rule.endpoint, **args)


def _check_csp(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in csp, f"{url}: CSP lacks {directive}"
    script_src = csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") in ("strict-origin-when-cross-origin", "same-origin"), url


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR], ids=lambda r: r.value)
def test_every_get_route_has_the_headers_for_staff(app, client, make_user, role):
    user = make_user(role)
    checked = 0
    for url in _get_urls(app):
        sign_in_session(client, user)
        response = client.get(url)
        _check_csp(response, url)
        assert "no-store" in response.headers.get("Cache-Control", ""), f"{url} may be cached"
        assert "Strict-Transport-Security" not in response.headers  # not over local http
        checked += 1
    assert checked > 20


def test_signed_out_pages_have_the_headers(client):
    for url in ("/auth/login", "/auth/forgotten-password", "/accessibility", "/no/such/page"):
        _check_csp(client.get(url), url)
    assert client.get("/auth/login").headers["Cache-Control"] == "no-store"
    assert client.get("/auth/set-password/x").headers["Referrer-Policy"] == "same-origin"


def test_inline_scripts_carry_the_nonce(as_role):
    response = as_role(Role.COORDINATOR).get("/dashboard/")
    csp = response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    for chunk in html.split("<script")[1:]:
        head = chunk.split(">", 1)[0]
        assert "src=" in head or f'nonce="{nonce}"' in head


def test_hsts_in_production(monkeypatch, database_url, tmp_path, app):
    prod = production_app(monkeypatch, database_url, tmp_path)
    response = prod.test_client().get("/auth/login", base_url="https://localhost")
    assert "max-age=" in response.headers["Strict-Transport-Security"]
    _check_csp(response, "/auth/login")
    with prod.app_context():
        from core.extensions import db

        db.engine.dispose()
