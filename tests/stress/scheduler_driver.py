"""A scheduler process for the stress test: APScheduler fires a 2 s job; each firing claims its period
through the app's JobRun mechanism (scheduling/jobs/runner.py), so it runs once across processes.

    python tests/stress/scheduler_driver.py URL LOG SECONDS [--slow KEY|first] [--retake KEY]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PERIOD_SECONDS = 2
JOB = "stress_tick"


def main() -> None:
    url, log, seconds = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    slow = sys.argv[sys.argv.index("--slow") + 1] if "--slow" in sys.argv else None
    retake = sys.argv[sys.argv.index("--retake") + 1] if "--retake" in sys.argv else None
    from tests.stress.harness import make_app

    app = make_app(url)
    app.config["CIP_JOB_STALE_MINUTES"] = 0.05  # 3 s: a killed claim is taken over quickly

    from scheduling.jobs.runner import JobOutcome, run_once

    state = {"first": True}

    def work(run):
        # --slow first: this process's first run hangs (to be killed mid-run).
        hang = run.period_key == slow or (slow == "first" and state["first"])
        state["first"] = False
        time.sleep(30 if hang else 0.1)
        with log.open("a") as handle:  # written once the work is done: a killed run leaves no line
            handle.write(f"{run.period_key} {os.getpid()}\n")
        return JobOutcome(None, "tick")

    def fire() -> None:
        with app.app_context():
            run_once(JOB, str(int(time.time() // PERIOD_SECONDS)), work)

    if retake:
        with app.app_context():
            run_once(JOB, retake, work)
        return
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler()
    # Fire at the start of every 2 s period (aligned, as a cron trigger would be), in both processes.
    first = (int(time.time() // PERIOD_SECONDS) + 1) * PERIOD_SECONDS + 0.2
    from datetime import UTC, datetime

    scheduler.add_job(
        fire,
        "interval",
        seconds=PERIOD_SECONDS,
        max_instances=2,
        coalesce=True,
        misfire_grace_time=1,
        next_run_time=datetime.fromtimestamp(first, UTC),
    )
    scheduler.start()
    time.sleep(seconds)
    scheduler.shutdown(wait=True)


if __name__ == "__main__":
    main()
