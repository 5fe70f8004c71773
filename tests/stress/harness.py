"""Stress harness: a small migrated database with volunteer logins, gunicorn on 127.0.0.1, duty posters."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
PASSWORD = "correct horse battery"  # tests/factories/base.py's password
SECRET = "stress-only-secret-key-not-for-production"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(url: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "CIP_ENV": "development",
            "DATABASE_URL": url,
            "CIP_LOGIN_RATE_LIMIT": "100000 per minute",
            "SECRET_KEY": SECRET,
        }
    )
    return env


def make_app(url: str):
    from config import DevelopmentConfig
    from core.factory import create_app

    return create_app(type("StressConfig", (DevelopmentConfig,), {"SQLALCHEMY_DATABASE_URI": url}))


@dataclass
class Account:
    email: str
    volunteer_id: int
    token: str | None = None


def build_database(url: str, people: int) -> list[Account]:
    """Migrate an empty database and add `people` Specials with volunteer logins (and API tokens if any)."""
    import flask_migrate

    from core.extensions import db
    from core.models import Role
    from tests import factories as f

    app = make_app(url)
    accounts = []
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        flask_migrate.upgrade()
        for n in range(people):
            special = f.SpecialFactory()
            user = f.UserFactory(role=Role.VOLUNTEER, volunteer=special.volunteer, email=f"stress{n}@example.org")
            accounts.append(Account(user.email, special.volunteer_id))
        db.session.commit()
        if api_url(app):
            from bench.writes import _issue_token
            from core.models import User

            for account in accounts:
                user = db.session.scalar(sa.select(User).where(User.email == account.email))
                account.token = _issue_token(user)
        db.session.remove()
        db.engine.dispose()
    return accounts


def api_url(app) -> str | None:
    """The duty-logging API route, if the API has landed."""
    from bench.targets import resolve, targets

    target = next(t for t in targets() if t.kind == "write")
    with app.app_context():
        return resolve(app, target).url


class Server:
    """gunicorn serving the app on 127.0.0.1 in its own process group."""

    def __init__(
        self, url: str, workers: int = 4, log: Path | None = None, preload: bool = True, env: dict | None = None
    ):
        self.url, self.workers, self.port = url, workers, free_port()
        self.env = {**server_env(url), **(env or {})}
        self.base = f"http://127.0.0.1:{self.port}"
        self.log, self.preload = log, preload
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 120) -> Server:
        self._out = self.log.open("ab") if self.log else None
        out = self._out or subprocess.DEVNULL
        self.process = subprocess.Popen(
            [
                str(VENV / "gunicorn"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
                "--timeout",
                "60",
                *(["--preload"] if self.preload else []),
                "wsgi:app",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=out,
            stderr=out,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2):  # noqa: S310
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not come up")

    def kill9(self) -> None:
        """SIGKILL the master and every worker at once: no graceful anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close()

    def _close(self) -> None:
        if getattr(self, "_out", None):
            self._out.close()
            self._out = None

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self._close()


class Poster:
    """One client logging duties: over the API with a Bearer token, else through the HTML form."""

    def __init__(self, base: str, account: Account, api_path: str | None):
        self.base, self.account, self.api_path = base, account, api_path
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def sign_in(self) -> None:
        """Sign in through the login form (only needed for the HTML form route)."""
        if self.api_path:
            return
        token = self._csrf("/auth/login")
        data = {"email": self.account.email, "password": PASSWORD, "csrf_token": token}
        status, _ = self._send("/auth/login", urllib.parse.urlencode(data).encode(), {})
        if status != 302:
            raise RuntimeError(f"sign-in of {self.account.email} answered {status}")

    def post(self, day: date, start: str, end: str) -> int:
        """Log one duty; returns the HTTP status (201/200/302 = acknowledged)."""
        if self.api_path:
            from bench.writes import body_for

            body = json.dumps(body_for(self.account.volunteer_id, day.isoformat(), start, end)).encode()
            headers = {"Authorization": f"Bearer {self.account.token}", "Content-Type": "application/json"}
            return self._send(self.api_path, body, headers)[0]
        data = {
            "csrf_token": self._csrf("/scheduling/duties/new"),
            "day": day.isoformat(),
            "start": start,
            "end": end,
            "duty_type": "patrol",
            "is_esp": "no",
            "shift_id": "",
            "district_id": "",
            "parish_id": "",
            "place": "Stress patrol",
            "notes": "",
        }
        return self._send("/scheduling/duties/new", urllib.parse.urlencode(data).encode(), {})[0]

    def _csrf(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:  # noqa: S310
            html = response.read().decode()
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', html
        )
        return match.group(1) if match else ""

    def _send(self, path: str, body: bytes, headers: dict) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


ACKNOWLEDGED = {200, 201, 302, 303}


def slot(n: int) -> tuple[date, str, str]:
    """The n-th distinct past slot: a day and a 45-minute duty, never overlapping another slot."""
    day = date.today() - timedelta(days=2 + n // 4)
    start_hour = 8 + (n % 4) * 3
    return day, f"{start_hour:02d}:00", f"{start_hour:02d}:45"


def local_start(day: date, start: str):
    """The UTC datetime a slot's start is stored as."""
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    hour, minute = map(int, start.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo("Europe/London")).astimezone(UTC)
