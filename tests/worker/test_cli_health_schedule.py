"""/healthz and /readyz, the scheduler's catch-up and the retention schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from core.background import queue
from core.background.models import WorkerHeartbeat
from core.db import utcnow
from core.models import AuditEvent
from scheduling.models import JobRun
from worker.cli import catch_up


def test_healthz_touches_no_database_and_readyz_checks_database_migrations_and_worker(app, client, db):
    app.config["SQLALCHEMY_ENGINES"] = None
    statements = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert client.get("/healthz").get_json() == {"status": "ok"}
    assert statements == []
    waiting = client.get("/readyz")
    body = waiting.get_json()
    assert waiting.status_code == 503 and body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok" and body["checks"]["worker"] == "no heartbeat yet"
    queue.beat("test-worker")
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
    db.session.execute(sa.update(WorkerHeartbeat).values(beat_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    stale = client.get("/readyz").get_json()
    assert stale["checks"]["worker"].startswith("last heartbeat 300 s ago")
    head = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0012_data_versions'"))
    db.session.commit()
    try:
        old = client.get("/readyz").get_json()
        assert f"head ['{head}']" in old["checks"]["migrations"]
    finally:  # PostgreSQL test databases are emptied, not rebuilt, between tests
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        db.session.commit()


def test_a_missed_run_is_caught_up_once_per_job_not_once_per_period(app, db):
    app.config["CIP_SCHEDULES"] = {"reminders": {"hour": 7, "minute": 0}, "hours_monthly": {"day": 2, "hour": 6}}
    # Down from 1 September to 20 November: 80 daily reminders and three monthly reports were missed.
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    ran = catch_up(app, now)
    assert sorted(ran) == ["hours_monthly 2026-10", "reminders 2026-11-20"]
    assert catch_up(app, now) == []  # already run: the claims make a second catch-up a no-op
    keys = sorted(db.session.execute(sa.select(JobRun.job_name, JobRun.period_key)).all())
    assert keys == [("hours_monthly", "2026-10"), ("reminders", "2026-11-20")]
    db.session.rollback()  # end this read before the scheduler's own transactions (SQLite's one writer)
    before_seven = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
    assert catch_up(app, before_seven) == []  # the 21st's reminders are not due until 07:00


def test_the_retention_schedule_runs_as_a_scheduled_job(runner, db):
    assert "retention: Retention schedule" in runner.invoke(args=["scheduler", "list"]).output
    result = runner.invoke(args=["scheduler", "run-job", "retention", "--today", "2026-11-22"])
    assert "retention 2026-11-22: succeeded" in result.output and "Retention applied" in result.output
    assert db.session.scalar(sa.select(AuditEvent.id).where(AuditEvent.action == "retention_applied"))
