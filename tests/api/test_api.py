"""The API, driven by its OpenAPI document: every documented operation exercised and checked."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from api.auth import issue_token
from core.models import Role
from scheduling.models import Duty, ShiftSignup, SignupStatus
from tests import factories as f
from tests.scheduling.helpers import past_day


def _resolve(doc, schema):
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def check(doc, schema, value, where="body"):
    """A small JSON-schema check: types, required, properties, items, enums, additionalProperties."""
    schema = _resolve(doc, schema)
    if value is None:
        assert schema.get("nullable") or "null" in (schema.get("type") or []), f"{where} is null"
        return
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "number": (int, float)}
    if isinstance(kind, str):
        assert isinstance(value, types[kind]), f"{where}: {value!r} is not {kind}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if schema.get("format") == "date-time":
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value), f"{where}: {value} is not UTC ISO"
    if kind == "object":
        for name in schema.get("required", []):
            assert name in value, f"{where}: missing {name}"
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(doc, sub, value[name], f"{where}.{name}")
    if kind == "array":
        for i, item in enumerate(value):
            check(doc, schema["items"], item, f"{where}[{i}]")


@pytest.fixture
def api(app, client, make_user, db):
    """A volunteer with a token, two shifts and the OpenAPI document."""
    user = make_user(Role.VOLUNTEER)
    _token, secret = issue_token(user, "phone")
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    open_shift = f.ShiftFactory(title="Patrol", starts_at=soon, ends_at=soon + timedelta(hours=3), places=1)
    later = f.ShiftFactory(title="Event", starts_at=soon + timedelta(days=1), ends_at=soon + timedelta(days=1, hours=3))
    db.session.commit()
    doc = client.get("/api/v1/openapi.json").get_json()

    class Api:
        pass

    a = Api()
    a.user, a.secret, a.doc, a.client = user, secret, doc, client
    a.shift, a.later = open_shift, later
    a.headers = {"Authorization": f"Bearer {secret}"}
    _staff_token, staff_secret = issue_token(make_user(Role.COORDINATOR), "staff")
    db.session.commit()
    a.staff_headers = {"Authorization": f"Bearer {staff_secret}"}

    def call(method, path, **kwargs):
        response = client.open("/api/v1" + path, method=method.upper(), headers=a.headers, **kwargs)
        return response

    a.call = call
    return a


def _example_url(doc, template, method):
    """The path with its documented example parameters filled in."""
    op = doc["paths"][template][method]
    path, query = template, []
    for param in op.get("parameters", []):
        example = param.get("example", param.get("schema", {}).get("example"))
        assert example is not None or not param.get("required"), f"{template}: no example for {param['name']}"
        if example is None:
            continue
        if param["in"] == "path":
            path = path.replace("{" + param["name"] + "}", str(example))
        elif param["in"] == "query":
            query.append(f"{param['name']}={example}")
    return path + ("?" + "&".join(query) if query else "")


def _validate(doc, template, method, response):
    op = doc["paths"][template][method]
    status = str(response.status_code)
    assert status in op["responses"], f"{method.upper()} {template} answered undocumented {status}"
    content = op["responses"][status].get("content", {}).get("application/json")
    if content:
        check(doc, content["schema"], response.get_json(), f"{method.upper()} {template} {status}")


def test_every_documented_operation_is_exercised(api, db):
    doc = api.doc
    assert doc["openapi"].startswith("3.") and doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    day = past_day().isoformat()
    scenarios = {
        ("/openapi.json", "get"): [("get", "/openapi.json", {}, 200)],
        ("/shifts", "get"): [("get", "/shifts", {}, 200)],
        ("/shifts/{shift_id}/signup", "post"): [
            ("post", f"/shifts/{api.shift.id}/signup", {}, 201),
            ("post", f"/shifts/{api.shift.id}/signup", {}, 422),
            ("post", "/shifts/999999/signup", {}, 404),
        ],
        ("/me/shifts", "get"): [("get", "/me/shifts", {}, 200)],
        ("/shifts/{shift_id}/withdraw", "post"): [
            ("post", f"/shifts/{api.shift.id}/withdraw", {}, 200),
            ("post", f"/shifts/{api.later.id}/withdraw", {}, 422),
        ],
        ("/duties", "post"): [
            (
                "post",
                "/duties",
                {"json": {"date": day, "start": "18:00", "end": "22:00", "type": "patrol", "esp": False}},
                201,
            ),
            ("post", "/duties", {"json": {"date": day, "start": "21:00", "end": "23:00", "type": "patrol"}}, 422),
            ("post", "/duties", {"json": {"date": "4 July", "start": "18:00", "end": "22:00", "type": "patrol"}}, 400),
        ],
        ("/duties", "get"): [("get", "/duties", {}, 200)],
        ("/me/hours", "get"): [("get", "/me/hours", {}, 200), ("get", "/me/hours?month=July", {}, 400)],
    }
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert set(scenarios) <= documented, f"not documented: {set(scenarios) - documented}"
    # Operations other packages add through register_openapi_path: called as staff with the documented examples.
    for template, method in sorted(documented - set(scenarios)):
        scenarios[(template, method)] = [(method, _example_url(doc, template, method), {"staff": True}, 200)]
    for (template, method), calls in scenarios.items():
        for verb, path, kwargs, expected in calls:
            if kwargs.pop("staff", False):
                response = api.client.open("/api/v1" + path, method=verb.upper(), headers=api.staff_headers)
            else:
                response = api.call(verb, path, **kwargs)
            assert response.status_code == expected, (verb, path, response.get_json())
            _validate(doc, template, method, response)
    duties = api.call("get", "/duties").get_json()["duties"]
    assert len(duties) == 1 and duties[0]["minutes"] == 240 and duties[0]["status"] == "pending"


def test_errors_name_the_field(api):
    cases = [
        ({"data": "{not json", "content_type": "application/json"}, None, "not valid JSON"),
        ({"json": ["a list"]}, None, "JSON object"),
        ({"data": b'{"a":' * 5000, "content_type": "application/json"}, None, "nested too deeply"),
        ({"json": {"start": "18:00", "end": "22:00", "type": "patrol"}}, "date", "required"),
        ({"json": {"date": "2026-07-04", "start": "6pm", "end": "22:00", "type": "patrol"}}, "start", "24-hour"),
        ({"json": {"date": "2026-07-04", "start": "18:00", "end": "22:00", "type": "swim"}}, "type", "must be one of"),
        (
            {"json": {"date": "2026-07-04", "start": "18:00", "end": "22:00", "type": "patrol", "esp": "yes"}},
            "esp",
            "true or false",
        ),
        (
            {"json": {"date": "2026-07-04", "start": "18:00", "end": "22:00", "type": "patrol", "colour": 1}},
            "colour",
            "Unknown",
        ),
    ]
    for kwargs, field, words in cases:
        response = api.call("post", "/duties", **kwargs)
        body = response.get_json()
        assert response.status_code == 400, body
        assert body["error"]["field"] == field and words in body["error"]["reason"], body
    future = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    body = api.call(
        "post", "/duties", json={"date": future, "start": "18:00", "end": "22:00", "type": "patrol"}
    ).get_json()
    assert (
        body["error"] == {"status": 422, "reason": body["error"]["reason"], "field": "end"}
        and "future" in body["error"]["reason"]
    )


def test_volunteer_cannot_log_for_someone_else(api, db):
    other = f.SpecialFactory().volunteer
    db.session.commit()
    response = api.call(
        "post",
        "/duties",
        json={
            "volunteer_id": other.id,
            "date": past_day().isoformat(),
            "start": "18:00",
            "end": "19:00",
            "type": "patrol",
        },
    )
    assert response.status_code == 403 and response.get_json()["error"]["field"] == "volunteer_id"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Duty)) == 0


def test_missing_unknown_and_revoked_tokens_get_401_json(api, client, db):
    assert client.get("/api/v1/me/shifts").status_code == 401
    response = client.get("/api/v1/me/shifts", headers={"Authorization": "Bearer cip_nonsense"})
    assert response.status_code == 401 and response.get_json()["error"]["status"] == 401
    from api.auth import revoke_token
    from scheduling.models import ApiToken

    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == api.user.id)).one()
    revoke_token(api.user, token.id)
    db.session.commit()
    assert client.get("/api/v1/me/shifts", headers=api.headers).status_code == 401


def test_token_is_stored_hashed(api, db):
    from scheduling.models import ApiToken

    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == api.user.id)).one()
    assert api.secret not in (token.token_hash, token.prefix) and len(token.token_hash) == 64


def test_session_calls_still_need_csrf_but_token_calls_do_not(api, client, db):
    from tests.factories import sign_in_session

    sign_in_session(client, api.user)
    response = client.post(f"/api/v1/shifts/{api.shift.id}/signup")
    assert response.status_code == 400 and "CSRF" in response.get_json()["error"]["reason"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ShiftSignup)) == 0
    response = client.post(f"/api/v1/shifts/{api.shift.id}/signup", headers=api.headers)
    assert response.status_code == 201


def test_parish_token_is_refused_by_role(client, make_user, db):
    user = make_user(Role.PARISH)
    _t, secret = issue_token(user, "x")
    db.session.commit()
    response = client.get("/api/v1/shifts", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 403 and response.get_json()["error"]["status"] == 403


def test_waiting_list_through_the_api(api, make_user, client, db):
    other = make_user(Role.VOLUNTEER)
    _t, other_secret = issue_token(other, "x")
    db.session.commit()
    first = api.call("post", f"/shifts/{api.shift.id}/signup").get_json()
    second = client.post(
        f"/api/v1/shifts/{api.shift.id}/signup", headers={"Authorization": f"Bearer {other_secret}"}
    ).get_json()
    assert (first["status"], second["status"]) == ("confirmed", "waiting")
    api.call("post", f"/shifts/{api.shift.id}/withdraw")
    mine = client.get("/api/v1/me/shifts", headers={"Authorization": f"Bearer {other_secret}"}).get_json()
    assert mine["signups"][0]["status"] == SignupStatus.CONFIRMED.value


def test_token_page_issues_and_revokes(as_role, db):
    from tests.scheduling.helpers import post_form

    client = as_role(Role.VOLUNTEER)
    page = post_form(client, "/scheduling/api-tokens", {"name": "My phone"})
    secret = re.search(r'id="new-token" class="cip-break">([^<]+)<', page.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/me/hours", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    from scheduling.models import ApiToken

    token = db.session.scalars(sa.select(ApiToken)).one()
    post_form(client, f"/scheduling/api-tokens/{token.id}/revoke", {}, get_url="/scheduling/api-tokens")
    with client.application.test_client() as other:
        assert other.get("/api/v1/me/hours", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    bad = post_form(client, "/scheduling/api-tokens", {"name": ""})
    assert bad.status_code == 400
