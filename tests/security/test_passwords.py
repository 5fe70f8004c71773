"""Password policy: length without composition rules, a shipped breached-password list, the demo password."""

from __future__ import annotations

import pytest

from config import DEMO_PASSWORD_DEFAULT
from core.auth.passwords import COMMON_PASSWORDS_FILE, common_passwords, is_common, password_problem
from tests.security.helpers import production_app


def test_the_list_is_shipped_with_its_source_and_thousands_of_entries():
    text = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8")
    assert text.startswith("# ") and "Source:" in text.splitlines()[1]
    assert len(common_passwords()) >= 5000


@pytest.mark.parametrize("password", ["password123", "PASSWORD1", "iloveyou", "qwertyuiop", "  12345678 "])
def test_common_passwords_are_refused(app, password):
    assert is_common(password)
    assert "too common" in password_problem(password)


@pytest.mark.parametrize("password", ["correct horse battery", "alllowercaseletters", "ZZZZZZZZZ-long"])
def test_no_composition_rules(app, password):
    assert password_problem(password) is None


def test_length_limits(app):
    assert "at least 8" in password_problem("a1b2c3d")
    assert password_problem("x" * 64 + " a long passphrase is fine") is None
    assert "or fewer" in password_problem("x" * 129)


def test_email_as_password_is_refused(app):
    assert "email" in password_problem("someone.long@example.org", "someone.long@example.org")
    assert "email" in password_problem("someone.long", "someone.long@example.org")


def test_demo_password_is_refused_only_in_production(app, monkeypatch, database_url, tmp_path):
    assert password_problem(DEMO_PASSWORD_DEFAULT) is None  # development and tests keep the README's logins
    prod = production_app(monkeypatch, database_url, tmp_path)
    with prod.app_context():
        assert "too common" in password_problem(DEMO_PASSWORD_DEFAULT)


def test_change_password_refuses_a_breached_password(client, coordinator_user):
    from tests.factories import PASSWORD, sign_in_session
    from tests.security.helpers import post_form

    sign_in_session(client, coordinator_user)
    response = post_form(
        client,
        "/auth/password",
        {"current_password": PASSWORD, "new_password": "password1234", "confirm_password": "password1234"},
    )
    assert response.status_code == 200
    assert "too common" in response.get_data(as_text=True)


def test_demo_password_cannot_sign_in_in_production(monkeypatch, database_url, tmp_path, app, db, make_user):
    from core.auth.passwords import hash_password
    from core.models import Role
    from tests.security.helpers import login

    user = make_user(Role.VOLUNTEER)
    user.password_hash = hash_password(DEMO_PASSWORD_DEFAULT)
    db.session.commit()
    email = user.email
    db.session.close()  # release SQLite's write lock for the production app's requests
    prod = production_app(monkeypatch, database_url, tmp_path)
    response = login(prod.test_client(), email, DEMO_PASSWORD_DEFAULT, base_url="https://localhost")
    assert response.status_code == 200 and "Enter a correct email address and password" in response.get_data(
        as_text=True
    )
    with prod.app_context():
        from core.extensions import db as prod_db

        prod_db.engine.dispose()
