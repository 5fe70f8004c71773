"""50 clients x 40 duty posts through gunicorn with 4 workers: exactly 2,000 rows, hours add up, no 5xx."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.stress.harness import ACKNOWLEDGED, ROOT, Poster, Server, api_url, build_database, make_app, slot

CLIENTS, POSTS = 50, 40


def run_load(url: str, log, record) -> None:
    accounts = build_database(url, CLIENTS)
    api_path = api_url(make_app(url))
    server = Server(url, workers=4, log=log).start()
    started = time.perf_counter()
    try:
        posters = [Poster(server.base, account, api_path) for account in accounts]
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            list(pool.map(lambda p: p.sign_in(), posters))

            def client(poster: Poster) -> list[int]:
                return [poster.post(*slot(n)) for n in range(POSTS)]

            statuses = Counter(s for result in pool.map(client, posters) for s in result)
    finally:
        server.stop()
    elapsed = time.perf_counter() - started
    print(f"{CLIENTS} clients x {POSTS} posts ({'API' if api_path else 'HTML form'}) in {elapsed:.1f} s: {statuses}")
    assert not [s for s in statuses if s >= 500], f"server errors: {statuses}"
    assert set(statuses) <= ACKNOWLEDGED, f"refused posts: {statuses}"
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows, minutes = conn.execute(sa.text("SELECT COUNT(*), COALESCE(SUM(minutes), 0) FROM duties")).one()
        per_volunteer = conn.execute(
            sa.text("SELECT volunteer_id, COUNT(*), SUM(minutes) FROM duties GROUP BY volunteer_id")
        ).all()
    engine.dispose()
    for name, value in (
        ("clients", CLIENTS),
        ("posts", CLIENTS * POSTS),
        ("server_errors", sum(n for s, n in statuses.items() if s >= 500)),
        ("rows", rows),
        ("hours", minutes / 60),
        ("posts_per_second", round(CLIENTS * POSTS / elapsed, 1)),
    ):
        record(name, value)
    assert rows == CLIENTS * POSTS
    assert minutes == CLIENTS * POSTS * 45
    assert len(per_volunteer) == CLIENTS
    assert all(count == POSTS and total == POSTS * 45 for _vid, count, total in per_volunteer)


@pytest.mark.slow
def test_load_on_sqlite(tmp_path, record_property):
    run_load(f"sqlite:///{tmp_path / 'stress.sqlite3'}", tmp_path / "gunicorn.log", record_property)


@pytest.mark.slow
def test_load_on_postgresql(tmp_path, record_property):
    import tempfile

    from tests.stress.harness import free_port

    cluster = Path(tempfile.mkdtemp(prefix="cip-stress-pg-"))
    cluster.chmod(0o755)  # the postgres account must reach it (pytest's tmp dirs are private)
    script = str(ROOT / "scripts" / "pg-test-cluster.sh")
    url = subprocess.run(
        [script, "start", str(cluster / "cluster"), str(free_port())], capture_output=True, text=True, check=True
    ).stdout.strip()
    try:
        run_load(url, tmp_path / "gunicorn.log", record_property)
    finally:
        subprocess.run([script, "stop", str(cluster / "cluster")], check=False)
        shutil.rmtree(cluster, ignore_errors=True)
