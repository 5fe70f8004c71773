"""Every registered route against every role: a route without a rule fails the suite."""

from __future__ import annotations

import pytest
from flask import Flask

from core.models import Role
from tests.fixtures import sign_in_session

SKIP_ENDPOINTS = {"static"}
NOT_READY_IS_AN_ANSWER = {"health.readyz"}  # 503 says "not ready" (here: no worker running), not a server error


def _routes(app: Flask):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS:
            continue
        view = app.view_functions[rule.endpoint]
        args = {
            name: (999999 if "int" in type(rule._converters.get(name)).__name__.lower() else "x")
            for name in rule.arguments
        }
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        yield rule, view, args, methods


def _url(app: Flask, rule, args) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **args)


def test_every_route_declares_who_may_call_it(app):
    undeclared = [
        rule.rule
        for rule, view, _args, _m in _routes(app)
        if not getattr(view, "cip_public", False) and not getattr(view, "cip_roles", None)
    ]
    assert not undeclared, f"routes without @allow/@public: {undeclared}"


def test_signed_out_visitors_reach_only_public_routes(app, client):
    app.config["WTF_CSRF_ENABLED"] = False
    for rule, view, args, methods in _routes(app):
        if getattr(view, "cip_public", False):
            continue
        url = _url(app, rule, args)
        for method in methods:
            response = client.open(url, method=method)
            assert response.status_code in (302, 401), f"{method} {url} answered {response.status_code}"
            if response.status_code == 302:
                assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_reaches_exactly_its_routes(app, client, make_user, role):
    app.config["WTF_CSRF_ENABLED"] = False
    user = make_user(role)
    checked = 0
    for rule, view, args, methods in _routes(app):
        if rule.endpoint == "auth.logout":
            continue  # signing out would end the session the rest of the loop uses
        url = _url(app, rule, args)
        allowed = getattr(view, "cip_public", False) or role in getattr(view, "cip_roles", frozenset())
        for method in methods:
            sign_in_session(client, user)
            response = client.open(url, method=method)
            if allowed:
                assert response.status_code not in (401, 403), f"{role.value} refused {method} {url}"
                fine = response.status_code < 500 or (
                    rule.endpoint in NOT_READY_IS_AN_ANSWER and response.status_code == 503
                )
                assert fine, f"{role.value} got {response.status_code} on {method} {url}"
            else:
                assert response.status_code == 403, f"{role.value} got {response.status_code} on {method} {url}"
            checked += 1
    assert checked > 10
