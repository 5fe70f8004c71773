"""Login throttling per account and per address, counted in the database and shared by every worker."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db as _db
from core.factory import create_app
from core.models import AuditEvent, LoginAttempt
from tests.conftest import _config
from tests.factories import PASSWORD
from tests.security.helpers import login


def _worker(database_url: str, tmp_path):
    """A second app instance on the same database: another worker process as far as state goes."""
    return create_app(_config(database_url, LOGIN_RATE_LIMIT="1000 per minute"))


def test_failures_spread_over_two_workers_add_up_to_429(app, db, database_url, tmp_path, coordinator_user):
    # Two app instances on one database, each with its own per-process limiter set out of the way,
    # stand for two gunicorn workers; each request runs in its worker's own app context.
    email = coordinator_user.email
    db.session.close()  # the test's own session must not hold SQLite's write lock while workers run
    first, second = _worker(database_url, tmp_path), _worker(database_url, tmp_path)
    workers = [first.test_client(), second.test_client()]
    codes = [login(workers[i % 2], email, f"wrong password {i}").status_code for i in range(5)]
    assert codes == [200] * 5
    # The sixth try, even with the right password and on either worker, is refused.
    for client in workers:
        refused = login(client, email, PASSWORD)
        assert refused.status_code == 429
        assert "Too many sign-in attempts" in refused.get_data(as_text=True)
        assert int(refused.headers["Retry-After"]) > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 5
    assert "login_throttled" in set(db.session.scalars(sa.select(AuditEvent.action)))
    for worker in (first, second):
        with worker.app_context():
            _db.engine.dispose()


def test_per_address_limit_across_accounts(app, make_user):
    app.config.update(LOGIN_RATE_LIMIT="1000 per minute", LOGIN_MAX_FAILURES_PER_ADDRESS=4)
    client = app.test_client()
    for i in range(4):
        assert login(client, f"guess{i}@example.org", "wrong password").status_code == 200
    from core.models import Role

    user = make_user(Role.COORDINATOR)
    assert login(client, user.email, PASSWORD).status_code == 429
    # Another address is not affected.
    elsewhere = app.test_client()
    response = login(elsewhere, user.email, PASSWORD, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 302


def test_per_account_limit_across_addresses(app, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    for i in range(5):
        client = app.test_client()
        login(client, coordinator_user.email, "wrong password", environ_base={"REMOTE_ADDR": f"10.0.0.{i}"})
    fresh = app.test_client()
    assert login(fresh, coordinator_user.email, PASSWORD, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 429


def test_old_failures_stop_counting_and_success_clears_the_account(app, db, coordinator_user):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    client = app.test_client()
    for _ in range(4):
        login(client, coordinator_user.email, "wrong password")
    assert login(client, coordinator_user.email, PASSWORD).status_code == 302
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(LoginAttempt).where(LoginAttempt.email == coordinator_user.email)
        )
        == 0
    )
    app.config["LOGIN_THROTTLE_WINDOW_SECONDS"] = 0
    other = app.test_client()
    for _ in range(6):
        login(other, "someone@example.org", "wrong password")
    assert login(other, "someone@example.org", "wrong password").status_code == 200
