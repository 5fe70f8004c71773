"""At most once across a crash: `flask cip outbox send` killed with SIGKILL mid-batch, then run again, sends
nothing twice (counted by the SMTP server on 127.0.0.1); the message it was sending is left for an admin to
check. The worker loop sends the outbox too."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

import notices
from notices.outbox.models import OutboxMessage, OutboxState
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 40


def _sender(database_url: str, server, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "CIP_ENV": "development",
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi:app",
        "CIP_MAIL_SERVER": server.host,
        "CIP_MAIL_PORT": str(server.port),
        "CIP_REPORTS_DIR": str(tmp_path / "reports"),
    }
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "flask"), "cip", "outbox", "send"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def test_a_sender_killed_mid_batch_and_restarted_sends_nothing_twice(db, database_url, smtp_server, tmp_path):
    people = [f.VolunteerFactory() for _ in range(PEOPLE)]
    db.session.commit()
    notices.send("A call-out: Saturday needs people", volunteer_ids=[p.id for p in people], kind="callout")
    db.session.commit()
    smtp_server.delay = 0.05  # slow enough to be mid-batch when killed
    first = _sender(database_url, smtp_server, tmp_path)
    deadline = time.monotonic() + 60
    while len(smtp_server.received) < 8 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.02)
    os.killpg(first.pid, signal.SIGKILL)
    killed_output = first.communicate(timeout=30)[0].decode()
    got_before = len(smtp_server.received)
    assert 8 <= got_before < PEOPLE, killed_output

    smtp_server.delay = 0
    second = _sender(database_url, smtp_server, tmp_path)
    output = second.communicate(timeout=120)[0].decode()
    assert second.returncode == 0, output

    per_address = Counter(r.recipients[0] for r in smtp_server.received)
    assert max(per_address.values()) == 1, "a message was sent twice"
    db.session.rollback()
    states = Counter(db.session.scalars(sa.select(OutboxMessage.state)))
    assert states[OutboxState.SENT] + states[OutboxState.SENDING] == PEOPLE and states[OutboxState.SENDING] <= 1
    # every message marked sent really arrived; the one left "sending" (if any) waits for an admin's check
    assert states[OutboxState.SENT] <= len(per_address) <= PEOPLE


def test_the_worker_loop_sends_the_outbox(app, db, smtp_server):
    from worker.runner import work_forever

    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("From the loop", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    turns = iter([False, True])
    work_forever(app, lambda: next(turns))
    assert len(smtp_server.to(person.email)) == 1
