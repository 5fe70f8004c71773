"""Two-factor: enrolment shown as text, a second sign-in step, no replay, single-use recovery codes,
required for admin and coordinator in production only."""

from __future__ import annotations

import re
import time

import pyotp
import sqlalchemy as sa

from core.auth import totp
from core.extensions import db as _db
from core.models import AuditEvent, RecoveryCode, Role, User
from tests.factories import PASSWORD, sign_in_session
from tests.security.helpers import login, post_form, production_app


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/auth/two-factor/setup").get_data(as_text=True)
    key = re.search(r'id="totp-key"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert "otpauth://totp/" in page
    response = post_form(client, "/auth/two-factor/setup", {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", response.get_data(as_text=True))
    assert len(codes) == totp.RECOVERY_CODE_COUNT
    return key, codes


def _next_code(key: str) -> str:
    # The enrolment used the current time step; the next step's code is new (and inside the window).
    return pyotp.TOTP(key).at(time.time() + 30)


def test_enrol_then_sign_in_with_a_code(app, db, client, coordinator_user):
    sign_in_session(client, coordinator_user)
    key, _codes = _enrol(client)
    db.session.refresh(coordinator_user)
    assert coordinator_user.totp_secret == key
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not any(re.fullmatch(r"[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}", h) for h in stored)

    browser = app.test_client()
    first = login(browser, coordinator_user.email, PASSWORD)
    assert first.headers["Location"].endswith("/auth/two-factor")
    assert browser.get("/dashboard/").status_code == 302  # not signed in yet
    code = _next_code(key)
    assert post_form(browser, "/auth/two-factor", {"code": code}).status_code == 302
    assert browser.get("/dashboard/").status_code == 200

    replay = app.test_client()
    login(replay, coordinator_user.email, PASSWORD)
    refused = post_form(replay, "/auth/two-factor", {"code": code})
    assert refused.status_code == 200 and "works only once" in refused.get_data(as_text=True)
    assert replay.get("/dashboard/").status_code == 302
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "login")).all()[-1]
    assert event.detail == {"second_factor": "totp"}


def test_the_same_code_is_refused_twice(app, db, coordinator_user):
    secret = pyotp.random_base32(32)
    coordinator_user.totp_secret = secret
    db.session.commit()
    now = time.time()
    code = pyotp.TOTP(secret).at(now)
    assert totp.verify_totp(coordinator_user, code, now) is True
    assert totp.verify_totp(coordinator_user, code, now) is False
    assert totp.verify_totp(coordinator_user, code, now + 30) is False  # still the same step
    assert totp.verify_totp(coordinator_user, pyotp.TOTP(secret).at(now - 30), now) is False  # older step
    assert totp.verify_totp(coordinator_user, "000000" if code != "000000" else "111111", now) is False


def test_recovery_code_works_once(app, db, client, coordinator_user):
    sign_in_session(client, coordinator_user)
    _key, codes = _enrol(client)
    browser = app.test_client()
    login(browser, coordinator_user.email, PASSWORD)
    assert post_form(browser, "/auth/two-factor", {"code": codes[0].upper()}).status_code == 302
    assert browser.get("/dashboard/").status_code == 200
    again = app.test_client()
    login(again, coordinator_user.email, PASSWORD)
    assert post_form(again, "/auth/two-factor", {"code": codes[0]}).status_code == 200
    assert again.get("/dashboard/").status_code == 302


def test_wrong_codes_count_towards_throttling(app, db, client, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    sign_in_session(client, coordinator_user)
    _enrol(client)
    browser = app.test_client()
    login(browser, coordinator_user.email, PASSWORD)
    for _ in range(5):
        post_form(browser, "/auth/two-factor", {"code": "123456"})
    assert post_form(browser, "/auth/two-factor", {"code": "123456"}).status_code == 429


def test_disable_needs_the_password_and_is_audited(app, db, client, coordinator_user):
    sign_in_session(client, coordinator_user)
    _enrol(client)
    post_form(client, "/auth/two-factor/disable", {"current_password": "wrong"}, page_url="/auth/two-factor/setup")
    db.session.refresh(coordinator_user)
    assert coordinator_user.totp_secret
    post_form(client, "/auth/two-factor/disable", {"current_password": PASSWORD}, page_url="/auth/two-factor/setup")
    db.session.refresh(coordinator_user)
    assert coordinator_user.totp_secret is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"two_factor_enabled", "two_factor_disabled"} <= actions


def test_not_enforced_in_testing_and_development(app, client, coordinator_user):
    from config import DevelopmentConfig

    assert totp.required_roles() == frozenset()
    assert getattr(DevelopmentConfig, "TOTP_REQUIRED_ROLES", None) in (None, (), [])
    login(client, coordinator_user.email, PASSWORD)
    assert client.get("/dashboard/").status_code == 200


def test_production_forces_admin_and_coordinator_to_enrol(monkeypatch, database_url, tmp_path, app, make_user):
    admin = make_user(Role.ADMIN)
    volunteer = make_user(Role.VOLUNTEER)
    admin_email, volunteer_email = admin.email, volunteer.email
    _db.session.close()  # release SQLite's write lock for the production app's requests
    prod = production_app(monkeypatch, database_url, tmp_path)
    https = {"base_url": "https://localhost"}
    with prod.app_context():
        assert totp.required_roles() == {Role.ADMIN, Role.COORDINATOR}
    browser = prod.test_client()
    assert login(browser, admin_email, PASSWORD, **https).status_code == 302
    forced = browser.get("/admin/home", **https)
    assert forced.status_code == 302 and forced.headers["Location"].endswith("/auth/two-factor/setup")
    page = browser.get("/auth/two-factor/setup", **https).get_data(as_text=True)
    key = re.search(r'id="totp-key"><code>([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    post_form(browser, "/auth/two-factor/setup", {"code": pyotp.TOTP(key).now()}, **https)
    assert browser.get("/admin/home", **https).status_code == 200
    # A volunteer is offered two-factor but not forced.
    other = prod.test_client()
    login(other, volunteer_email, PASSWORD, **https)
    assert other.get("/scheduling/home/volunteer", **https).status_code == 200
    with prod.app_context():
        user = _db.session.scalars(sa.select(User).where(User.email == admin_email)).one()
        assert user.totp_secret
        _db.session.remove()
        _db.engine.dispose()
