"""Two-factor secrets are stored encrypted (Fernet): the database never holds the plain key."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from cryptography.fernet import Fernet

from core import encrypted
from core.db import UTCDateTime
from core.extensions import db as _db
from core.factory import create_app
from core.models import User
from tests.conftest import ON_POSTGRES, PG_URL, _config
from tests.factories import sign_in_session
from tests.security.test_totp import _enrol

PLAIN = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _stored(user_id: int) -> str:
    return _db.session.execute(sa.text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user_id}).scalar()


def test_an_enrolled_secret_is_stored_encrypted(app, db, client, coordinator_user):
    sign_in_session(client, coordinator_user)
    key, _codes = _enrol(client)
    stored = _stored(coordinator_user.id)
    assert stored.startswith(encrypted.FERNET_PREFIX) and key not in stored
    assert encrypted.decrypt(stored) == key
    db.session.expire_all()
    assert db.session.get(User, coordinator_user.id).totp_secret == key  # the app reads it plain


def test_a_wrong_key_is_an_error_not_a_plain_value(app, db, coordinator_user):
    coordinator_user.totp_secret = PLAIN
    db.session.commit()
    stored = _stored(coordinator_user.id)
    with pytest.raises(ValueError, match="CIP_TOTP_KEY"):
        encrypted.decrypt(stored, {"TOTP_KEY": Fernet.generate_key().decode()})


def test_keys_rotate_first_encrypts_any_decrypts(app):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = encrypted.encrypt(PLAIN, {"TOTP_KEY": old})
    both = {"TOTP_KEY": f"{new}, {old}"}
    assert encrypted.decrypt(token, both) == PLAIN
    assert encrypted.decrypt(encrypted.encrypt(PLAIN, both), {"TOTP_KEY": new}) == PLAIN


def test_production_has_no_derived_key():
    with pytest.raises(RuntimeError, match="CIP_TOTP_KEY"):
        encrypted.keys_from({"ENV_NAME": "production", "SECRET_KEY": "s" * 40})
    development = encrypted.keys_from({"ENV_NAME": "development", "SECRET_KEY": "s" * 40})
    assert development == (encrypted.derived_key("s" * 40),)


@pytest.fixture
def scratch_url(tmp_path) -> Iterator[str]:
    """An empty database of its own (the migration is run down and up on it)."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"cip_scratch_{os.getpid()}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
    admin.dispose()


def test_the_migration_encrypts_existing_secrets_and_its_downgrade_decrypts(scratch_url, tmp_path):
    app = create_app(_config(scratch_url))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        before = ScriptDirectory.from_config(config).get_revision("0016_hardening").down_revision
        flask_migrate.upgrade(revision=before)
        users = sa.table(
            "users",
            *(sa.column(name) for name in ("email", "display_name", "password_hash", "role", "active")),
            sa.column("session_token"),
            sa.column("created_at", UTCDateTime()),
            sa.column("totp_secret"),
        )
        with _db.engine.begin() as conn:
            row = {"display_name": "x", "password_hash": "x", "role": "admin", "active": True, "session_token": "t"}
            conn.execute(
                users.insert(),
                [
                    {**row, "email": "a@example.org", "totp_secret": PLAIN, "created_at": datetime.now(UTC)},
                    {**row, "email": "b@example.org", "totp_secret": None, "created_at": datetime.now(UTC)},
                ],
            )
        flask_migrate.upgrade(revision="0016_hardening")
        with _db.engine.connect() as conn:
            stored = dict(conn.exec_driver_sql("SELECT email, totp_secret FROM users").all())
        assert stored["b@example.org"] is None
        assert stored["a@example.org"].startswith(encrypted.FERNET_PREFIX)
        assert encrypted.decrypt(stored["a@example.org"]) == PLAIN
        assert _db.session.scalars(sa.select(User.totp_secret).where(User.email == "a@example.org")).one() == PLAIN
        _db.session.remove()
        flask_migrate.downgrade(revision=before)
        with _db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT totp_secret FROM users WHERE email = 'a@example.org'").scalar() == PLAIN
        _db.engine.dispose()


def test_rotating_the_key_re_encrypts_every_secret(app, db, coordinator_user, runner):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app.config["TOTP_KEY"] = old
    coordinator_user.totp_secret = PLAIN
    db.session.commit()
    app.config["TOTP_KEY"] = f"{new},{old}"
    result = runner.invoke(args=["auth", "rotate-totp-key"])
    assert "1 two-factor secrets re-encrypted" in result.output, result.output
    app.config["TOTP_KEY"] = new  # the old key dropped: every secret still opens
    assert encrypted.decrypt(_stored(coordinator_user.id)) == PLAIN
    db.session.expire_all()
    assert db.session.get(User, coordinator_user.id).totp_secret == PLAIN
