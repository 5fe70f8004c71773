"""Set-up and reset links: admin-issued, hashed at rest, single use, expiring; reset requests."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import sqlalchemy as sa

from core.auth import tokens
from core.models import AuditEvent, AuthToken, Role, User
from tests.factories import sign_in_form, sign_in_session
from tests.security.helpers import post_form


def _link_from(html: str) -> str:
    match = re.search(r'id="issued-link">([^<]+)<', html)
    assert match, "no link shown"
    return match.group(1).replace("http://localhost", "")


def _create_account(client, email="new.person@example.org"):
    response = post_form(
        client,
        "/admin/users/new",
        {
            "display_name": "New Person",
            "email": email,
            "role": "coordinator",
            "parish_id": "",
            "esp_business_id": "",
            "command_id": "",
        },
    )
    assert response.status_code == 200
    return _link_from(response.get_data(as_text=True))


def _choose(client, link, password):
    return post_form(client, link, {"new_password": password, "confirm_password": password})


def test_new_account_has_no_password_until_the_setup_link_is_used(app, client, db, admin_user):
    sign_in_session(client, admin_user)
    link = _create_account(client)
    assert sign_in_form(app.test_client(), "new.person@example.org", "").status_code == 200
    visitor = app.test_client()
    assert "Set up your account" in visitor.get(link).get_data(as_text=True)
    assert _choose(visitor, link, "my own passphrase").status_code == 302
    assert sign_in_form(app.test_client(), "new.person@example.org", "my own passphrase").status_code == 302


def test_link_is_single_use(app, client, admin_user):
    sign_in_session(client, admin_user)
    link = _create_account(client)
    visitor = app.test_client()
    assert _choose(visitor, link, "my own passphrase").status_code == 302
    again = app.test_client()
    assert again.get(link).status_code == 404
    assert "does not work" in again.get(link).get_data(as_text=True)


def test_token_is_stored_hashed(app, client, db, admin_user):
    sign_in_session(client, admin_user)
    link = _create_account(client)
    raw = link.rsplit("/", 1)[1]
    stored = db.session.scalars(sa.select(AuthToken.token_hash)).all()
    assert raw not in stored
    assert hashlib.sha256(raw.encode()).hexdigest() in stored


def test_expired_link_is_refused(app, db, coordinator_user):
    raw = tokens.issue_token(coordinator_user, tokens.RESET)
    db.session.commit()
    token = db.session.scalars(sa.select(AuthToken)).one()
    token.expires_at = token.expires_at - timedelta(hours=25)
    db.session.commit()
    assert app.test_client().get(f"/auth/set-password/{raw}").status_code == 404


def test_a_new_link_replaces_the_old(app, db, coordinator_user):
    first = tokens.issue_token(coordinator_user, tokens.RESET)
    second = tokens.issue_token(coordinator_user, tokens.RESET)
    db.session.commit()
    client = app.test_client()
    assert client.get(f"/auth/set-password/{first}").status_code == 404
    assert client.get(f"/auth/set-password/{second}").status_code == 200


def test_reset_link_refuses_a_common_password_and_ends_sessions(app, db, coordinator_user):
    signed_in = app.test_client()
    sign_in_form(signed_in, coordinator_user.email)
    raw = tokens.issue_token(coordinator_user, tokens.RESET)
    db.session.commit()
    visitor = app.test_client()
    refused = _choose(visitor, f"/auth/set-password/{raw}", "password1234")
    assert refused.status_code == 200 and "too common" in refused.get_data(as_text=True)
    assert _choose(visitor, f"/auth/set-password/{raw}", "a better passphrase").status_code == 302
    assert signed_in.get("/dashboard/").status_code == 302


def test_forgotten_password_request_reaches_the_admin_without_enumeration(
    app, client, db, coordinator_user, admin_user
):
    known = post_form(client, "/auth/forgotten-password", {"email": coordinator_user.email})
    unknown = post_form(app.test_client(), "/auth/forgotten-password", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200

    def without_nonce(response):
        return re.sub(r'nonce="[^"]+"', "", response.get_data(as_text=True))

    assert without_nonce(known) == without_nonce(unknown)
    db.session.refresh(coordinator_user)
    assert coordinator_user.password_reset_requested_at is not None
    admin = app.test_client()
    sign_in_session(admin, admin_user)
    assert "Reset requested" in admin.get("/admin/users").get_data(as_text=True)
    issued = post_form(admin, f"/admin/users/{coordinator_user.id}/password", {})
    link = _link_from(issued.get_data(as_text=True))
    assert _choose(app.test_client(), link, "fresh passphrase here").status_code == 302
    db.session.refresh(coordinator_user)
    assert coordinator_user.password_reset_requested_at is None
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"password_reset_requested", "reset_link_issued", "password_set_from_reset_link"} <= actions


def test_admin_changes_a_role_and_it_is_audited(app, client, db, admin_user, coordinator_user):
    other = app.test_client()
    sign_in_form(other, coordinator_user.email)
    sign_in_session(client, admin_user)
    response = post_form(client, f"/admin/users/{coordinator_user.id}/role", {"role": "supervisor"})
    assert response.status_code == 302
    db.session.refresh(coordinator_user)
    assert coordinator_user.role == Role.SUPERVISOR
    assert other.get("/dashboard/").status_code == 302  # the old sessions ended
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user_role_changed")).one()
    assert event.detail == {"from": "coordinator", "to": "supervisor"}


def test_scoped_roles_cannot_be_changed_into_staff(client, db, admin_user, volunteer_user):
    sign_in_session(client, admin_user)
    response = post_form(client, f"/admin/users/{volunteer_user.id}/role", {"role": "admin"})
    assert response.status_code == 200
    assert db.session.get(User, volunteer_user.id).role == Role.VOLUNTEER


def test_reset_link_works_over_https_in_production(monkeypatch, database_url, tmp_path, app, db, coordinator_user):
    """Flask-WTF checks the Referer on HTTPS: the link page's policy must still send it to this site."""
    from tests.security.helpers import login, production_app

    raw = tokens.issue_token(coordinator_user, tokens.RESET)
    db.session.commit()
    email = coordinator_user.email
    db.session.close()
    prod = production_app(monkeypatch, database_url, tmp_path, TOTP_REQUIRED_ROLES=())
    client = prod.test_client()
    https = {"base_url": "https://localhost"}
    page = client.get(f"/auth/set-password/{raw}", **https)
    assert page.headers["Referrer-Policy"] == "same-origin"  # sent to this site only, never elsewhere
    response = post_form(
        client,
        f"/auth/set-password/{raw}",
        {"new_password": "production passphrase", "confirm_password": "production passphrase"},
        **https,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert login(prod.test_client(), email, "production passphrase", **https).status_code == 302
    with prod.app_context():
        from core.extensions import db as prod_db

        prod_db.engine.dispose()
