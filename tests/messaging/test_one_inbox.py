"""Migration 0021_one_inbox: the old reminders table's rows become notices (read state and dedupe keys kept)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

import notices
from core.extensions import db as _db
from core.factory import create_app
from tests.conftest import ON_POSTGRES, PG_URL, _config

REVISION = "0021_one_inbox"
AT = datetime(2026, 11, 1, 7, tzinfo=UTC)
READ = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture
def scratch_url(tmp_path) -> Iterator[str]:
    """An empty database of its own (the migration is run up and down on it)."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"cip_inbox_{os.getpid()}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
    admin.dispose()


def _old(user_id: int, kind: str, message: str, link: str | None, key: str, read_at: datetime | None) -> dict:
    return {"user_id": user_id, "kind": kind, "message": message, "link": link, "dedupe_key": key,
            "created_at": AT, "read_at": read_at}  # fmt: skip


def _table(name: str, columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns.split()))


def _old_reminders(conn) -> tuple[int, int]:
    """A coordinator with two reminders (one read), and a volunteer with two accounts each told of a shortfall."""
    # The tables as they stood at the migration (later migrations add columns the models now have).
    volunteers = _table("volunteers", "id first_name last_name joined_on status created_at updated_at")
    person = conn.execute(
        volunteers.insert()
        .values(
            first_name="Ann", last_name="Lee", joined_on=date(2020, 1, 1), status="active", created_at=AT, updated_at=AT
        )  # fmt: skip
        .returning(volunteers.c.id)
    ).scalar_one()
    users = _table("users", "id email display_name password_hash role active session_token volunteer_id created_at")
    account = {"display_name": "x", "password_hash": "x", "active": True, "session_token": "t", "created_at": AT}
    coordinator_id = conn.execute(
        users.insert().values(email="c@example.org", role="coordinator", **account).returning(users.c.id)
    ).scalar_one()
    accounts = [
        conn.execute(
            users.insert()
            .values(email=f"v{n}@example.org", role="volunteer", volunteer_id=person, **account)
            .returning(users.c.id)
        ).scalar_one()
        for n in (1, 2)
    ]
    old = sa.table(
        "notifications",
        *(sa.column(c) for c in ("user_id", "kind", "message", "link", "dedupe_key", "created_at", "read_at")),
    )
    hours = "/scheduling/hours/mine"
    conn.execute(
        old.insert(),
        [
            _old(coordinator_id, "vetting_expiry", "Vetting expires", None, "vetting:1", READ),
            _old(coordinator_id, "signup_deadline", "Sign-up closes", "/scheduling/shifts/5", "deadline:5", None),
            _old(accounts[0], "hours_shortfall", "Hours short", hours, "shortfall:2026-10", None),
            _old(accounts[1], "hours_shortfall", "Hours short", hours, "shortfall:2026-10", READ),
        ],
    )
    return coordinator_id, person


def test_the_migration_copies_old_reminders_into_notices_and_back(scratch_url):
    app = create_app(_config(scratch_url))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        before = ScriptDirectory.from_config(config).get_revision(REVISION).down_revision
        flask_migrate.upgrade(revision=before)
        with _db.engine.begin() as conn:
            coordinator_id, person = _old_reminders(conn)
        flask_migrate.upgrade(revision=REVISION)
        with _db.engine.connect() as conn:
            assert "notifications" not in sa.inspect(conn).get_table_names()
            rows = conn.execute(
                sa.text(
                    "SELECT user_id, volunteer_id, kind, dedupe_key, link, read_at FROM notices ORDER BY dedupe_key"
                )
            ).all()
        assert [(r.user_id, r.volunteer_id, r.kind, r.dedupe_key, r.link) for r in rows] == [
            (coordinator_id, None, "reminder", "deadline:5", "/scheduling/shifts/5"),
            (None, person, "reminder", "shortfall:2026-10", "/scheduling/hours/mine"),  # one for both accounts
            (coordinator_id, None, "reminder", "vetting:1", None),
        ]
        assert [r.read_at is not None for r in rows] == [False, True, True]  # read on either account: read
        # The copied keys still hold: the reminders job would not tell anyone again.
        assert notices.send("Hours short", volunteer_ids=[person], kind="reminder", dedupe_key="shortfall:2026-10") == 0
        assert notices.send("Vetting", user_ids=[coordinator_id], kind="reminder", dedupe_key="vetting:1") == 0
        _db.session.rollback()
        _db.session.remove()
        flask_migrate.downgrade(revision=before)
        with _db.engine.connect() as conn:
            back = conn.execute(sa.text("SELECT count(*) FROM notifications")).scalar()
            left = conn.execute(sa.text("SELECT count(*) FROM notices")).scalar()
        assert (back, left) == (4, 0)  # the shortfall to each account again; the reminders out of notices
        _db.engine.dispose()
