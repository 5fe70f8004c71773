"""SQLite writers queue on a file lock beside the database, released the moment a transaction ends."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
import sqlalchemy as sa

from core.db import WRITER_LOCK_KEY, configure_sqlite, read_only_transactions


@pytest.fixture
def engine(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    configure_sqlite(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (n INTEGER)")
    yield engine
    engine.dispose()


def _lock_is_free(path: str) -> bool:
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_the_lock_is_held_only_inside_a_write_transaction(engine):
    path = f"{engine.url.database}-writers"
    with engine.connect() as conn:
        assert _lock_is_free(path)
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        assert not _lock_is_free(path)
        conn.commit()
        assert _lock_is_free(path)
        conn.exec_driver_sql("INSERT INTO t VALUES (2)")
        conn.rollback()
        assert _lock_is_free(path)
        conn.exec_driver_sql("INSERT INTO t VALUES (3)")
    # Returned to the pool mid-transaction: rolled back, and the lock let go.
    assert _lock_is_free(path)
    with read_only_transactions(), engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM t").scalar()
        assert _lock_is_free(path)  # readers never take it
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT n FROM t").scalars().all() == [1]


def test_a_failed_statement_then_rollback_frees_the_lock(engine):
    path = f"{engine.url.database}-writers"
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError):
        conn.exec_driver_sql("INSERT INTO missing VALUES (1)")
    assert _lock_is_free(path)


def test_concurrent_read_then_write_transactions_take_turns_and_lose_nothing(engine):
    """Each thread reads the counter and writes it back plus one: no update may be lost."""
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (0)")
    errors: list[BaseException] = []

    def bump(times: int) -> None:
        try:
            for _ in range(times):
                with engine.begin() as conn:
                    n = conn.exec_driver_sql("SELECT n FROM t").scalar_one()
                    time.sleep(0.0005)
                    conn.exec_driver_sql("UPDATE t SET n = ?", (n + 1,))
        except BaseException as problem:  # noqa: BLE001 - reported by the assertion below
            errors.append(problem)

    threads = [threading.Thread(target=bump, args=(50,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT n FROM t").scalar_one() == 200


def test_each_connection_has_its_own_lock_descriptor(engine):
    with engine.connect() as one, engine.connect() as two:
        assert one.connection.info[WRITER_LOCK_KEY] != two.connection.info[WRITER_LOCK_KEY]
