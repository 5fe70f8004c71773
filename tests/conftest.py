"""Shared fixtures: a migrated database per test (SQLite or PostgreSQL), clients and role users."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from config import TestingConfig
from core import data_versions
from core.extensions import db as _db
from core.extensions import limiter
from core.factory import create_app

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
ON_POSTGRES = PG_URL.startswith("postgresql")


def _config(url: str, **extra) -> type[TestingConfig]:
    attrs = {"SQLALCHEMY_DATABASE_URI": url, **extra}
    return type("PerTestConfig", (TestingConfig,), attrs)


def _migrate(url: str) -> None:
    import flask_migrate

    app = create_app(_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> str:
    """The schema built once per run by the Alembic migrations, as production does."""
    if ON_POSTGRES:
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
        _migrate(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return str(path)


_truncating_engines: dict[str, sa.Engine] = {}


def _truncate_all(url: str) -> None:
    """Empty the tables a test wrote to (one EXISTS probe for all, then one TRUNCATE of those)."""
    engine = _truncating_engines.get(url)
    if engine is None:
        engine = _truncating_engines[url] = sa.create_engine(url, poolclass=sa.pool.NullPool)
    tables = [t.name for t in _db.metadata.sorted_tables]
    probe = " UNION ALL ".join(
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {name})"  # noqa: S608 (names from metadata)
        for name in tables
    )
    with engine.begin() as conn:
        written = [row[0] for row in conn.exec_driver_sql(probe)]
        if written:
            conn.exec_driver_sql(f"TRUNCATE {', '.join(written)} RESTART IDENTITY CASCADE")
        if "data_versions" in written:  # the rows migration 0012 starts with, as on a freshly migrated database
            conn.execute(
                data_versions.DataVersion.__table__.insert(),
                [{"name": name, "version": 1} for name in data_versions.WATCHED],
            )


@pytest.fixture(scope="session")
def shared_database_url(migrated_template: str, tmp_path_factory) -> str:
    """The one database URL the tests use; its contents are reset before each test."""
    if ON_POSTGRES:
        return migrated_template
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'cip.sqlite3'}"


@pytest.fixture(scope="session")
def shared_app(shared_database_url: str) -> Flask:
    """One app for the whole run: building the URL map of every blueprint costs a third of a second,
    so each test gets a fresh database and configuration instead of a fresh app."""
    return create_app(_config(shared_database_url))


@pytest.fixture
def database_url(shared_app: Flask, shared_database_url: str, migrated_template: str) -> Iterator[str]:
    """A freshly migrated, empty database for one test (a copy of the template, or truncated tables)."""
    with shared_app.app_context():
        _db.engine.dispose()
    if not ON_POSTGRES:
        path = Path(shared_database_url.removeprefix("sqlite:///"))
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(migrated_template, path)
    yield shared_database_url
    if ON_POSTGRES:
        _truncate_all(shared_database_url)


@pytest.fixture
def app(shared_app: Flask, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on its own empty migrated database, with its configuration restored afterwards."""
    saved_config = dict(shared_app.config)
    for per_app_state in ("cip_dashboard_figures",):
        shared_app.extensions.pop(per_app_state, None)
    for kept in data_versions.CACHES:  # each test's database starts at the template's stamp
        kept.clear()
    limiter.reset()
    with shared_app.app_context():
        yield shared_app
        _db.session.remove()
        _db.engine.dispose()
    shared_app.config.clear()
    shared_app.config.update(saved_config)


@pytest.fixture
def db(app: Flask):
    """The Flask-SQLAlchemy handle, bound to the test's database."""
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# The role fixtures every test may ask for.
from tests.factories.accounts import (  # noqa: E402,F401
    admin_user,
    as_role,
    coordinator_user,
    employer_user,
    make_user,
    parish_user,
    run_jobs,
    supervisor_user,
    volunteer_user,
)
