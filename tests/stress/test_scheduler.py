"""Two scheduler processes for 60 s with a 2 s job: exactly one run per period; a killed run is
taken over once (not lost) and never done twice."""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.stress.harness import ROOT, build_database

SECONDS = float(os.environ.get("CIP_STRESS_SCHEDULER_SECONDS", "60"))
DRIVER = str(Path(__file__).with_name("scheduler_driver.py"))


def _driver(url: str, log: Path, seconds: float, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), DRIVER, url, str(log), str(seconds), *extra],
        cwd=ROOT,
        env={**os.environ, "CIP_ENV": "development", "DATABASE_URL": url},
    )


def _runs(url: str) -> list[tuple[str, str, int]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT period_key, status, attempts FROM job_runs WHERE job_name = 'stress_tick'")
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


@pytest.mark.slow
def test_two_processes_run_each_period_exactly_once(tmp_path, record_property):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    build_database(url, 0)
    log = tmp_path / "work.log"
    drivers = [_driver(url, log, SECONDS) for _ in range(2)]
    for driver in drivers:
        assert driver.wait(timeout=SECONDS + 120) == 0
    runs = _runs(url)
    keys = sorted(int(k) for k, _s, _a in runs)
    assert len(keys) >= SECONDS / 2 * 0.8, f"only {len(keys)} periods ran in {SECONDS} s"
    expected = range(keys[0], keys[-1] + 1)
    missed = sorted(set(expected) - set(keys))
    print(f"{len(keys)} periods run once each, {len(missed)} of {len(expected)} missed by both; load {os.getloadavg()}")
    record_property("periods_run", len(keys))
    record_property("periods_missed", len(missed))
    # At most once is absolute; at least once depends on the processes getting CPU every 2 s: a saturated
    # machine can make both skip a firing, so a few misses are reported rather than failed.
    assert len(missed) <= max(1, len(expected) // 10), f"periods missed by both processes: {missed}"
    assert all(status == "succeeded" and attempts == 1 for _k, status, attempts in runs)
    done = Counter(line.split()[0] for line in log.read_text().splitlines())
    assert set(done) == {str(k) for k in keys}
    assert set(done.values()) == {1}, f"work done twice: {[k for k, n in done.items() if n > 1]}"
    record_property("periods_done_twice", 0)
    pids = {line.split()[1] for line in log.read_text().splitlines()}
    assert len(pids) == 2, "both processes should have won some periods"


@pytest.mark.slow
def test_a_killed_run_is_taken_over_once(tmp_path, record_property):
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    build_database(url, 0)
    log = tmp_path / "work.log"
    doomed = _driver(url, log, 60, "--slow", "first")
    deadline = time.monotonic() + 90
    while not (running := [k for k, status, _a in _runs(url) if status == "running"]):
        assert time.monotonic() < deadline, "the slow run was never claimed"
        time.sleep(0.2)
    slow_key = running[0]
    doomed.kill()  # SIGKILL mid-run: the claim stays 'running'
    doomed.wait(timeout=10)
    time.sleep(3.5)  # past the 3 s stale limit
    retake = [_driver(url, log, 0, "--retake", slow_key) for _ in range(2)]  # two try at once
    for driver in retake:
        assert driver.wait(timeout=120) == 0
    row = next(r for r in _runs(url) if r[0] == slow_key)
    assert row == (slow_key, "succeeded", 2)
    done = [line for line in log.read_text().splitlines() if line.startswith(slow_key + " ")]
    assert len(done) == 1, f"the killed period's work was done {len(done)} times"
    record_property("attempts_of_the_killed_period", row[2])
