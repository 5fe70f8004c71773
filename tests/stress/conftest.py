"""The stress suite runs only through `make test-stress` (CIP_STRESS=1): real servers, real load, on 127.0.0.1."""

from __future__ import annotations

import csv
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

STRESS = os.environ.get("CIP_STRESS") == "1"


def pytest_collection_modifyitems(config, items):
    """Skip the slow stress tests unless CIP_STRESS=1, so `make test` stays fast (pure checks still run)."""
    if STRESS:
        return
    skip = pytest.mark.skip(reason="stress suite: run it with `make test-stress`")
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here) and item.get_closest_marker("slow"):
            item.add_marker(skip)


# --- Results: `make test-stress` writes what it ran and measured as CSV, with the commit it measured -----

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"
_outcomes: list[dict] = []


def pytest_runtest_logreport(report):
    """Keep each stress test's outcome, time and figures (``record_property``) for the results CSV."""
    if not STRESS or not report.nodeid.startswith("tests/stress/"):
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes.append(
            {
                "test": report.nodeid.removeprefix("tests/stress/"),
                "outcome": report.outcome,
                "seconds": f"{report.duration:.1f}",
                "figures": "; ".join(f"{name}={value}" for name, value in report.user_properties),
            }
        )


def pytest_sessionfinish(session, exitstatus):
    """Write bench/results/<time>-stress.csv and latest-stress.csv (a full stress run only)."""
    if not STRESS or not _outcomes or session.config.getoption("keyword") or session.config.getoption("markexpr"):
        return
    from bench.run import git_commit

    measured_at = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    fields = ["commit", "measured_at", "test", "outcome", "seconds", "figures"]
    RESULTS.mkdir(parents=True, exist_ok=True)
    commit = git_commit()
    for path in (RESULTS / f"{measured_at}-stress.csv", RESULTS / "latest-stress.csv"):
        with path.open("w", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            for row in _outcomes:
                writer.writerow({"commit": commit, "measured_at": measured_at, **row})
    print(f"\nstress results: {RESULTS / 'latest-stress.csv'} ({commit})")
