"""Migration 0027_leaving_reasons: old leavers' words become a reason from the list ("joined the regular force"
where the words said so, else "other"), the words kept as the detail."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import flask_migrate
import pytest
import sqlalchemy as sa

from core.extensions import db as _db
from core.factory import create_app
from tests.conftest import ON_POSTGRES, PG_URL, _config
from volunteers.models import Programme, ProgrammeMembership, Volunteer, VolunteerStatus

REVISION, BEFORE = "0027_leaving_reasons", "0028_training_claims"


@pytest.fixture
def scratch_url(tmp_path) -> Iterator[str]:
    """An empty database of its own (the migration is run up and down on it)."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"cip_leaving_{os.getpid()}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
    admin.dispose()


def _leaver(conn, name: str, words: str | None) -> None:
    """A person (a leaver when there are words) and their Special spell, as rows written before the revision."""
    left_on = date(2024, 1, 1) if words else None
    status = VolunteerStatus.LEFT if words else VolunteerStatus.ACTIVE
    vid = conn.execute(
        Volunteer.__table__.insert().values(
            first_name=name, last_name="X", status=status, joined_on=date(2020, 1, 1), left_on=left_on,
            leave_reason=words,
        )
    ).inserted_primary_key[0]  # fmt: skip
    conn.execute(
        ProgrammeMembership.__table__.insert().values(
            volunteer_id=vid, programme=Programme.SPECIAL, started_on=date(2020, 1, 1), ended_on=left_on,
            end_reason=words,
        )
    )  # fmt: skip


def test_old_words_become_a_reason_from_the_list(scratch_url):
    app = create_app(_config(scratch_url))
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        with _db.engine.begin() as conn:
            _leaver(conn, "Reg", "Joined the regulars as a police constable")
            _leaver(conn, "Pc", "Joining the police as a constable in March")
            _leaver(conn, "Mo", "Moved out of Essex")
            _leaver(conn, "Stay", None)
        flask_migrate.upgrade(revision=REVISION)
        with _db.engine.connect() as conn:
            people = conn.execute(
                sa.text("SELECT first_name, left_because, leave_reason FROM volunteers ORDER BY first_name")
            ).all()
            spells = conn.execute(
                sa.text(
                    "SELECT v.first_name, m.left_because, m.end_reason FROM programme_memberships m"
                    " JOIN volunteers v ON v.id = m.volunteer_id ORDER BY v.first_name"
                )
            ).all()
        expected = [
            ("Mo", "other", "Moved out of Essex"),
            ("Pc", "joined_regulars", "Joining the police as a constable in March"),
            ("Reg", "joined_regulars", "Joined the regulars as a police constable"),
            ("Stay", None, None),
        ]
        assert [tuple(r) for r in people] == expected and [tuple(r) for r in spells] == expected
        _db.session.remove()
        flask_migrate.downgrade(revision=BEFORE)
        with _db.engine.connect() as conn:
            assert "left_because" not in {c["name"] for c in sa.inspect(conn).get_columns("volunteers")}
        _db.engine.dispose()
