"""A unit of work is committed once; a deadlock or serialization failure runs it again, anything else does not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.models import District
from core.refusals import Refusal
from core.transactions import ATTEMPTS, commit_unit, is_retryable
from tests import factories as f


class _DriverError(Exception):
    """What psycopg raises, reduced to the SQLSTATE the helper reads."""

    def __init__(self, sqlstate: str | None, message: str = "driver error"):
        super().__init__(message)
        self.sqlstate = sqlstate


def _database_error(kind=sa.exc.OperationalError, sqlstate: str | None = "40P01", message: str = "deadlock detected"):
    return kind("UPDATE volunteers ...", {}, _DriverError(sqlstate, message))


@pytest.mark.parametrize(
    ("error", "retryable"),
    [
        (_database_error(sqlstate="40P01"), True),  # deadlock_detected
        (_database_error(sa.exc.DBAPIError, sqlstate="40001"), True),  # serialization_failure
        (_database_error(sqlstate=None, message="database is locked"), False),  # SQLite: the busy timeout waited
        (_database_error(sa.exc.IntegrityError, sqlstate="23P01"), False),  # exclusion_violation: a refusal
        (_database_error(sa.exc.IntegrityError, sqlstate="23505"), False),  # unique_violation
        (_database_error(sqlstate="57014", message="canceling statement"), False),  # query_canceled
        (Refusal("The duty overlaps another duty", "start"), False),
        (ValueError("not a database error"), False),
    ],
)
def test_which_errors_are_retried(error, retryable):
    assert is_retryable(error) is retryable


def _district(db, name: str) -> None:
    db.session.add(District(name=name, command_id=f.CommandFactory().id))
    db.session.flush()


def _names(db) -> list[str]:
    return list(db.session.scalars(sa.select(District.name).order_by(District.name)))


def test_a_deadlock_victim_runs_again_and_is_committed_once(db, monkeypatch):
    monkeypatch.setattr("core.transactions.time.sleep", lambda _s: None)
    calls = []

    def work() -> str:
        calls.append(1)
        _district(db, f"Try {len(calls)}")
        if len(calls) < 3:
            raise _database_error()
        return "saved"

    assert commit_unit(work) == "saved"
    assert len(calls) == 3
    db.session.rollback()
    assert _names(db) == ["Try 3"]  # the two killed attempts left nothing behind


def test_a_refusal_is_raised_at_once_and_nothing_is_kept(db):
    calls = []

    def work() -> None:
        calls.append(1)
        _district(db, "Refused")
        raise Refusal("No", "name")

    with pytest.raises(Refusal):
        commit_unit(work)
    assert len(calls) == 1
    assert _names(db) == []


def test_an_integrity_error_is_not_retried(db):
    calls = []

    def work() -> None:
        calls.append(1)
        raise _database_error(sa.exc.IntegrityError, sqlstate="23P01", message="exclusion")

    with pytest.raises(sa.exc.IntegrityError):
        commit_unit(work)
    assert len(calls) == 1


def test_a_transaction_that_keeps_deadlocking_gives_up_after_the_last_attempt(db, monkeypatch):
    monkeypatch.setattr("core.transactions.time.sleep", lambda _s: None)
    calls = []

    def work() -> None:
        calls.append(1)
        raise _database_error()

    with pytest.raises(sa.exc.OperationalError):
        commit_unit(work)
    assert len(calls) == ATTEMPTS
