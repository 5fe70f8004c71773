"""kill -9 of the server at random moments during writes, 20 rounds: the database stays intact and
every write the server acknowledged is there."""

from __future__ import annotations

import http.client
import random
import sqlite3
import threading
import time
import urllib.error

import pytest

from tests.stress.harness import ACKNOWLEDGED, Poster, Server, api_url, build_database, local_start, make_app, slot

ROUNDS, CLIENTS = 20, 8


class Writer(threading.Thread):
    """Posts duties until told to stop; remembers the slots the server acknowledged."""

    def __init__(self, poster: Poster, first_slot: int):
        super().__init__(daemon=True)
        self.poster, self.n = poster, first_slot
        self.acked: list[tuple] = []
        self.stop = threading.Event()
        self.errors_5xx = 0

    def run(self) -> None:
        while not self.stop.is_set():
            day, start, end = slot(self.n)
            self.n += 1
            try:
                status = self.poster.post(day, start, end)
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                continue  # the server died mid-request or mid-response: not acknowledged
            if status in ACKNOWLEDGED:
                self.acked.append((self.poster.account.volunteer_id, local_start(day, start)))
            elif status >= 500:
                self.errors_5xx += 1


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_kill_minus_nine_during_writes(tmp_path, record_property):
    path = tmp_path / "kill.sqlite3"
    url = f"sqlite:///{path}"
    accounts = build_database(url, CLIENTS)
    api_path = api_url(make_app(url))
    rng = random.Random(8)
    next_slot = dict.fromkeys(range(CLIENTS), 0)
    acknowledged: list[tuple] = []
    for round_no in range(ROUNDS):
        server = Server(url, workers=4, log=tmp_path / "gunicorn.log").start()
        writers = []
        for index, account in enumerate(accounts):
            poster = Poster(server.base, account, api_path)
            poster.sign_in()
            writers.append(Writer(poster, next_slot[index]))
        for writer in writers:
            writer.start()
        # Kill at a random moment once writes are flowing (the first acknowledgement), not before.
        deadline = time.monotonic() + 60
        while not any(w.acked for w in writers) and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.05, 1.0))
        server.kill9()
        for writer in writers:
            writer.stop.set()
        for index, writer in enumerate(writers):
            writer.join(timeout=70)
            next_slot[index] = writer.n
            acknowledged += writer.acked
            assert writer.errors_5xx == 0, f"round {round_no}: server errors before the kill"
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"round {round_no}"
            stored = {
                (vid, starts) for vid, starts in conn.execute("SELECT volunteer_id, starts_at FROM duties").fetchall()
            }
        conn.close()
        missing = [(vid, at) for vid, at in acknowledged if (vid, at.strftime("%Y-%m-%d %H:%M:%S.%f")) not in stored]
        assert not missing, f"round {round_no}: {len(missing)} acknowledged writes lost, e.g. {missing[:3]}"
    print(f"{ROUNDS} kill -9 rounds: {len(acknowledged)} acknowledged writes, all present, integrity ok")
    record_property("rounds", ROUNDS)
    record_property("acknowledged_writes", len(acknowledged))
    record_property("lost_writes", 0)
    assert acknowledged, "no write was acknowledged in any round"
