"""Fuzzing fixtures: the demo data set built once per run, a signed-in staff client with CSRF off."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from config import TestingConfig
from core.extensions import db as _db
from core.factory import create_app
from tests.conftest import ON_POSTGRES, PG_URL

FUZZ_DATABASE = "cip_fuzz"


def fuzz_config(url: str, reports: str) -> type[TestingConfig]:
    """TestingConfig on the fuzz database, CSRF and rate limits out of the way (we attack the handlers)."""
    return type(
        "FuzzConfig",
        (TestingConfig,),
        {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False},
    )


def _seed(url: str, reports: str) -> None:
    import flask_migrate

    from sampledata.demo.seed import seed_demo

    app = create_app(fuzz_config(url, reports))
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(password="cip-demo-2026")
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Iterator[str]:
    """The demo data set, built once: a SQLite file to copy, or a PostgreSQL database of its own."""
    reports = str(tmp_path_factory.mktemp("fuzz-reports"))
    if ON_POSTGRES:
        server = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {FUZZ_DATABASE}")
            conn.exec_driver_sql(f"CREATE DATABASE {FUZZ_DATABASE}")
        url = sa.engine.make_url(PG_URL).set(database=FUZZ_DATABASE).render_as_string(hide_password=False)
        _seed(url, reports)
        yield url
        with server.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {FUZZ_DATABASE} WITH (FORCE)")
        server.dispose()
        return
    path = tmp_path_factory.mktemp("fuzz-template") / "demo.sqlite3"
    _seed(f"sqlite:///{path}", reports)
    yield str(path)


@pytest.fixture(scope="session")
def _fuzz_shared_app(demo_template: str, tmp_path_factory) -> tuple[Flask, Path | None]:
    """One app for every fuzz test (building the URL map costs a third of a second), over a database
    file that each test overwrites with the demo data (SQLite), or the one demo database (PostgreSQL)."""
    reports = str(tmp_path_factory.mktemp("fuzz-app-reports"))
    if ON_POSTGRES:
        return create_app(fuzz_config(demo_template, reports)), None
    path = tmp_path_factory.mktemp("fuzz-db") / "fuzz.sqlite3"
    return create_app(fuzz_config(f"sqlite:///{path}", reports)), path


@pytest.fixture
def fuzz_app(_fuzz_shared_app, demo_template: str, tmp_path: Path) -> Iterator[Flask]:
    """The app over the demo data (a fresh copy per test on SQLite; shared on PostgreSQL)."""
    application, path = _fuzz_shared_app
    with application.app_context():
        _db.engine.dispose()
    if path is not None:
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(demo_template, path)
    saved_config = dict(application.config)
    application.config["REPORTS_DIR"] = str(tmp_path / "reports")
    # Values kept under data versions stay right (a fresh copy has the template's stamps); the
    # dashboard's timed figures do not, so they go.
    application.extensions.pop("cip_dashboard_figures", None)
    with application.app_context():
        yield application
        _db.session.remove()
        _db.engine.dispose()
    application.config.clear()
    application.config.update(saved_config)


def signed_in(app: Flask, email: str):
    """A test client signed in (by session) as the demo user with this email."""
    from core.models import User
    from tests.factories import sign_in_session

    user = _db.session.scalar(sa.select(User).where(User.email == email))
    client = sign_in_session(app.test_client(), user)
    client.user = user  # type: ignore[attr-defined]
    _db.session.remove()
    return client
