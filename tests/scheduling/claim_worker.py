"""A separate process that races to run a job: waits for a shared start time, then claims."""

from __future__ import annotations

import sys
import time
from datetime import date

from config import TestingConfig
from core.factory import create_app


def main(url: str, start_at: float, today: str) -> None:
    config = type("WorkerConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    app = create_app(config)
    with app.app_context():
        from scheduling.jobs.definitions import run_scheduled

        time.sleep(max(start_at - time.time(), 0))
        run = run_scheduled("pipeline_monthly", date.fromisoformat(today))
        print("RAN" if run is not None else "SKIPPED", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3])
