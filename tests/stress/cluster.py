"""Two app servers and one scheduler against one PostgreSQL: the pieces the two-server stress test uses."""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.stress.harness import ROOT, VENV, Server, _NoRedirect, free_port, server_env

PG_SCRIPT = ROOT / "scripts" / "pg-test-cluster.sh"


@contextlib.contextmanager
def postgresql() -> Iterator[str]:
    """A throw-away PostgreSQL cluster on 127.0.0.1 (scripts/pg-test-cluster.sh, as scripts/test.sh starts it)."""
    home = Path(tempfile.mkdtemp(prefix="cip-two-servers-pg-"))
    home.chmod(0o755)  # the cluster runs as the postgres user when the tests run as root
    cluster = home / "cluster"
    started = subprocess.run(
        [str(PG_SCRIPT), "start", str(cluster), str(free_port())], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr.strip()}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(PG_SCRIPT), "stop", str(cluster)], capture_output=True, check=False)
        with contextlib.suppress(OSError):
            home.rmdir()


def instance_env(folder: Path) -> dict:
    """Settings that give a server its own instance folder (and the old local reports folder inside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {"CIP_INSTANCE_DIR": str(folder)}


def start_servers(url: str, home: Path, workers: int = 2, **settings: str) -> tuple[Server, Server]:
    """Servers A and B on their own ports and instance folders, sharing the database and the secret key."""
    servers = []
    for name in ("a", "b"):
        env = {**instance_env(home / f"instance-{name}"), **settings}
        servers.append(Server(url, workers=workers, log=home / f"gunicorn-{name}.log", env=env).start())
    return servers[0], servers[1]


def files_under(folder: Path) -> list[Path]:
    """Files a server wrote to its instance folder."""
    return [p for p in folder.rglob("*") if p.is_file()]


def flask_command(url: str, *args: str, home: Path) -> subprocess.Popen:
    """A `flask` process (the scheduler, or a one-off job) on the same database, with its own instance folder."""
    env = {**server_env(url), **instance_env(home / "instance-worker")}
    with (home / "worker.log").open("ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(VENV / "flask"), "--app", "wsgi", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )


class Browser:
    """One person's browser: one cookie jar used against either server; redirects are returned, not followed."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def request(self, base: str, path: str, data: dict | None = None) -> tuple[int, bytes, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body, method="POST" if data is not None else "GET")  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def get(self, base: str, path: str) -> tuple[int, str]:
        status, body, _headers = self.request(base, path)
        return status, body.decode(errors="replace")

    def csrf(self, base: str, path: str) -> str:
        _status, html = self.get(base, path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', html
        )
        return match.group(1) if match else ""

    def post(self, base: str, path: str, data: dict, form_base: str | None = None, form_path: str | None = None):
        """Post a form, with the CSRF token read from the form page (on ``form_base`` if given: the other server)."""
        token = self.csrf(form_base or base, form_path or path)
        status, body, headers = self.request(base, path, {**data, "csrf_token": token})
        return status, body.decode(errors="replace"), headers

    def sign_in(self, base: str, email: str, password: str) -> int:
        return self.post(base, "/auth/login", {"email": email, "password": password})[0]
