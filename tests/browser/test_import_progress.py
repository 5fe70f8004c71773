"""The import journey in the browser: upload, watch the check's progress page, import the same file."""

from __future__ import annotations

import re
import threading

import pytest

from tests.browser.conftest import DEMO_LOGINS

HEADER = "kind,first_name,last_name,email,date_of_birth,district,joined_on,rank"


@pytest.fixture
def worker(live_app):
    """The worker's loop in a thread beside the live server (as `flask scheduler run` runs it)."""
    from worker.runner import work_forever

    stop = threading.Event()
    thread = threading.Thread(target=work_forever, args=(live_app, stop.is_set), name="worker", daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)


def _upload(page, body: str) -> None:
    page.goto("/volunteers/import")
    page.get_by_label("CSV file").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": (HEADER + "\n" + body + "\n").encode()}
    )
    page.get_by_role("button", name="Check the file (nothing is saved)").click()
    page.wait_for_url(re.compile(r"/work/\d+$"))


def test_a_coordinator_checks_a_file_watches_its_progress_and_imports_it(page, login_as, assert_accessible, worker):
    login_as(page, DEMO_LOGINS["coordinator"])
    _upload(
        page,
        "special,Prog,Ress,prog.ress@example.org,1990-04-01,Colchester,2025-01-06,Special Constable\n"
        "special,Bad,Row,prog.ress@example.org,1990-04-01,Atlantis,2025-01-06,Special Constable",
    )
    page.get_by_text("rows were refused").wait_for(timeout=30_000)  # the page refreshes itself until done
    assert page.get_by_text("Line 3: district: unknown district 'Atlantis'").is_visible()
    assert page.get_by_role("link", name=re.compile("Download every refused line")).is_visible()
    assert_accessible(page)
    _upload(page, "special,Prog,Ress,prog.ress@example.org,1990-04-01,Colchester,2025-01-06,Special Constable")
    page.get_by_text("All 1 rows are valid").wait_for(timeout=30_000)
    assert_accessible(page)
    page.get_by_role("button", name="Import 1 rows").click()  # the same file: no second upload
    page.get_by_text("1 rows imported").wait_for(timeout=30_000)
    assert page.locator("#rows-saved").inner_text() == "1"
    assert_accessible(page)
    page.goto("/volunteers/?q=prog.ress")
    assert page.get_by_role("link", name="Ress, Prog").is_visible()
