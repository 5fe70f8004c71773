"""The real worker process (`flask scheduler run`): it beats, runs a queued import, and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from core.background import queue
from core.background.models import BackgroundJob, JobState, WorkerHeartbeat
from core.models import Role
from tests import factories as f
from volunteers.models import Volunteer

ROOT = Path(__file__).resolve().parents[2]


def _csv(rows: int) -> bytes:
    lines = ["kind,first_name,last_name,date_of_birth,district,joined_on"]
    lines += [f"special,Wes{i},Worker,1980-01-01,Colchester,2024-01-01" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _wait_for(db, what, seconds: float = 90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = what()
        db.session.rollback()  # each look is its own short read: the worker is the writer
        if found:
            return found
        time.sleep(0.3)
    raise AssertionError("the worker did not get there in time")


def test_the_worker_process_beats_runs_a_queued_import_and_stops_cleanly(
    app, client, db, database_url, make_user, tmp_path
):
    f.RankFactory(name="Special Constable", seniority=1)
    f.DistrictFactory(name="Colchester", command=f.CommandFactory(name="North LPA"))
    user = make_user(Role.COORDINATOR)
    job = queue.enqueue(
        "volunteers", user.id, upload=_csv(50), upload_name="people.csv", params={"today": str(date.today())}
    )
    job_id = job.id
    db.session.rollback()
    env = {
        **os.environ,
        "CIP_ENV": "development",
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi:app",
        "CIP_REPORTS_DIR": str(tmp_path / "reports"),
        "SECRET_KEY": "worker-test-only-secret-key-not-for-production",
    }
    worker = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "flask"), "scheduler", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        done = _wait_for(db, lambda: db.session.get(BackgroundJob, job_id).finished)
        assert done
        finished = db.session.get(BackgroundJob, job_id)
        assert finished.state == JobState.DONE and finished.rows_saved == 50, finished.message
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Volunteer)) == 50
        beat = _wait_for(db, lambda: db.session.scalar(sa.select(WorkerHeartbeat.name)))
        assert beat.endswith(f":{worker.pid}")
        db.session.rollback()
        ready = client.get("/readyz")
        assert ready.status_code == 200, ready.get_json()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        output = worker.communicate(timeout=60)[0].decode()
    assert worker.returncode == 0, output[-2000:]
    assert "Worker running" in output
