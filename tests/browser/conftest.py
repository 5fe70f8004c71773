"""Browser fixtures: the app served over a seeded demo database, headless Chromium, login and axe helpers.

Every test under tests/browser is marked ``browser`` automatically. The live server is session-scoped:
one migrated SQLite file seeded with the demo data set, served by werkzeug in a background thread.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from config import TestingConfig

DEMO_PASSWORD = "cip-demo-2026"
BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The demo logins and the landing path each reaches after signing in.
DEMO_LOGINS = {
    "admin": "admin@example.org",
    "coordinator": "coordinator@example.org",
    "supervisor": "supervisor@example.org",
    "special": "special@example.org",
    "csc": "csc@example.org",
    "parish": "parish@example.org",
    "employer": "employer@example.org",
}
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser as a browser test."""
    for item in items:
        if BROWSER_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def live_config(url: str) -> type[TestingConfig]:
    """TestingConfig pointed at one database, with the login rate limit out of the way."""
    return type(
        "LiveServerConfig",
        (TestingConfig,),
        {"SQLALCHEMY_DATABASE_URI": url, "LOGIN_RATE_LIMIT": "100000 per minute"},
    )


def build_demo_database(path: Path) -> str:
    """A migrated SQLite file holding the demo data set; returns its URL."""
    import flask_migrate

    from core.extensions import db
    from core.factory import create_app
    from sampledata.demo.seed import seed_demo

    url = f"sqlite:///{path}"
    app = create_app(live_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        seed_demo(password=DEMO_PASSWORD)
        db.session.remove()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The Flask app the live server serves (for url_for and reading the seeded database in tests)."""
    from core.extensions import db
    from core.factory import create_app

    url = build_demo_database(tmp_path_factory.mktemp("live") / "demo.sqlite3")
    app = create_app(live_config(url))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The base URL (http://127.0.0.1:PORT) of the app served over a seeded demo database."""
    from werkzeug.serving import make_server

    app = live_app
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)

    def serve() -> None:
        # Its own app context: nothing leaks into (or from) the test thread's contexts.
        with app.app_context():
            server.serve_forever()

    thread = threading.Thread(target=serve, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright's sync API, one per run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page (1280x900) whose relative URLs resolve against the live server."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form at /auth/login and wait until the landing page has loaded."""
    page.goto("/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/auth/login" not in url)
    page.wait_for_load_state("load")


@pytest.fixture
def login_as(live_server) -> Callable[..., None]:
    """``login_as(page, email, password=...)``: sign in through the real form."""
    return sign_in


def axe_violations(page) -> list[dict]:
    """The serious and critical axe violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response.get("violations", []) if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    """One readable line per violation and the elements it concerns."""
    lines = []
    for violation in violations:
        targets = [", ".join(map(str, node.get("target", []))) for node in violation.get("nodes", [])]
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation.get('help', '')} "
            f"[{len(targets)} element(s): {'; '.join(targets[:5])}{' ...' if len(targets) > 5 else ''}]"
        )
    return "\n".join(lines)


def check_accessible(page) -> None:
    """Fail when axe finds any serious or critical violation on the page."""
    violations = axe_violations(page)
    assert not violations, f"axe: {len(violations)} serious/critical violation(s) on {page.url}:\n" + (
        describe_violations(violations)
    )


@pytest.fixture
def assert_accessible() -> Callable[..., None]:
    """``assert_accessible(page)``: no serious or critical axe violation on the current page."""
    return check_accessible
