"""Every /volunteers route against every role (the suite-wide matrix, narrowed to this blueprint)."""

from __future__ import annotations

import pytest

from core.models import Role
from tests.fixtures import sign_in_session


def _routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/volunteers"):
            continue
        args = {n: (999999 if "int" in type(rule._converters.get(n)).__name__.lower() else "x") for n in rule.arguments}
        yield rule, app.view_functions[rule.endpoint], args, sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_reaches_exactly_its_volunteer_routes(app, client, make_user, role):
    from flask import url_for

    app.config["WTF_CSRF_ENABLED"] = False
    user = make_user(role)
    checked = 0
    for rule, view, args, methods in _routes(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        allowed = role in getattr(view, "cip_roles", frozenset())
        for method in methods:
            sign_in_session(client, user)
            response = client.open(url, method=method)
            if allowed:
                assert response.status_code not in (401, 403), f"{role.value} refused {method} {url}"
                assert response.status_code < 500, f"{role.value} got {response.status_code} on {method} {url}"
            else:
                assert response.status_code == 403, f"{role.value} got {response.status_code} on {method} {url}"
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.SUPERVISOR, Role.VOLUNTEER], ids=lambda r: r.value)
def test_own_and_real_ids_do_not_error(app, client, make_user, role):
    """With real ids (the volunteer's own record) every GET page renders or redirects."""
    app.config["WTF_CSRF_ENABLED"] = False
    user = make_user(role) if role != Role.COORDINATOR else make_user(role)
    vid = user.volunteer_id or make_user(Role.VOLUNTEER).volunteer_id
    sign_in_session(client, user)
    for path in (
        "/volunteers/",
        f"/volunteers/{vid}",
        "/volunteers/me",
        f"/volunteers/{vid}/edit",
        f"/volunteers/{vid}/roles/special/edit",
        f"/volunteers/{vid}/leave",
        f"/volunteers/{vid}/rejoin",
        f"/volunteers/{vid}/records/award/new",
        "/volunteers/new/cadet",
        "/volunteers/applications",
        "/volunteers/applications/report",
        "/volunteers/applications/new",
        "/volunteers/import",
    ):
        assert client.get(path).status_code in (200, 302, 403, 404), path
