"""Logs: JSON lines in production, readable lines otherwise, each with its request's id; gunicorn's settings."""

from __future__ import annotations

import io
import json
import logging
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core.logs import JsonFormatter, RequestIdFilter, TextFormatter, logging_config
from core.permissions import public

ROOT = Path(__file__).resolve().parent.parent


def _capture(app, formatter: logging.Formatter):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    app.logger.addHandler(handler)
    return stream, handler


def test_app_lines_carry_the_request_id_in_json(database_url, tmp_path):
    from core.factory import create_app
    from tests.conftest import _config

    app = create_app(_config(database_url))  # its own app: a route is added

    @app.get("/_log_probe")  # logs one line inside a request
    @public
    def _log_probe():
        app.logger.warning("probe line with ünïcode")
        return "ok"

    stream, handler = _capture(app, JsonFormatter())
    try:
        response = app.test_client().get("/_log_probe")
    finally:
        app.logger.removeHandler(handler)
    assert response.status_code == 200
    entry = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert entry["request_id"] == response.headers["X-Request-ID"]
    assert entry["message"] == "probe line with ünïcode" and entry["level"] == "warning" and entry["logger"] == "cip"
    assert entry["time"].endswith("+00:00")


def test_readable_lines_and_lines_outside_a_request(app):
    stream, handler = _capture(app, TextFormatter())
    try:
        app.logger.warning("no request here")
    finally:
        app.logger.removeHandler(handler)
    assert "WARNING [-] cip: no request here" in stream.getvalue()


def test_gunicorn_access_lines_take_the_id_from_the_answer():
    atoms = {"m": "GET", "U": "/auth/login", "q": "", "s": "200", "B": 5543, "M": 12, "h": "10.0.0.9"}
    atoms |= {"a": "curl", "{x-request-id}o": "abc123", "r": "GET /auth/login HTTP/1.1", "b": "5543"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(s)s', (atoms,), None)
    RequestIdFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "abc123" and entry["status"] == 200 and entry["path"] == "/auth/login"
    assert entry["duration_ms"] == 12 and entry["remote_addr"] == "10.0.0.9" and entry["query"] is None


def test_logging_config_sends_app_and_gunicorn_lines_through_one_handler():
    config = logging_config("json", "warning")
    assert config["handlers"]["stderr"]["formatter"] == "json"
    assert config["root"]["level"] == "WARNING"
    assert config["loggers"]["gunicorn.access"]["handlers"] == ["stderr"]
    assert logging_config("text", "info")["handlers"]["stderr"]["formatter"] == "text"


def test_gunicorn_conf_reads_cip_variables(monkeypatch):
    for name in list(os.environ):
        if name.startswith("CIP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CIP_ENV", "production")
    monkeypatch.setenv("CIP_WORKERS", "5")
    monkeypatch.setenv("CIP_TIMEOUT", "1m")
    monkeypatch.setenv("CIP_BIND", "0.0.0.0:8000")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert (conf["workers"], conf["timeout"], conf["bind"]) == (5, 60, "0.0.0.0:8000")
    assert conf["logconfig_dict"]["handlers"]["stderr"]["formatter"] == "json"  # production's default
    assert conf["secure_scheme_headers"] == {}  # no proxy: X-Forwarded-Proto is not believed either
    monkeypatch.setenv("CIP_PROXY_COUNT", "1")
    monkeypatch.setenv("CIP_LOG_FORMAT", "text")
    behind = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert "secure_scheme_headers" not in behind and behind["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert behind["logconfig_dict"]["handlers"]["stderr"]["formatter"] == "text"
    monkeypatch.setenv("CIP_WORKERS", "many")
    with pytest.raises(ValueError, match="whole number"):
        runpy.run_path(str(ROOT / "gunicorn.conf.py"))


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_a_real_gunicorn_writes_json_access_lines_with_the_answer_id(migrated_template, tmp_path):
    """gunicorn with gunicorn.conf.py: the access line is JSON and carries the X-Request-ID the client got."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    database = tmp_path / "cip.sqlite3"
    database.write_bytes(Path(migrated_template).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIP_")}
    env |= {
        "CIP_ENV": "development",
        "CIP_DATABASE_URL": f"sqlite:///{database}",
        "CIP_BIND": f"127.0.0.1:{port}",
        "CIP_WORKERS": "1",
        "CIP_LOG_FORMAT": "json",
    }
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            answer = None
            for _ in range(120):
                try:
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{port}/auth/login",
                        headers={"X-Request-ID": "chosen-by-client", "X-Forwarded-For": "203.0.113.9"},
                    )
                    answer = urllib.request.urlopen(request, timeout=10)  # noqa: S310 (a local test server)
                    break
                except OSError:
                    time.sleep(0.25)
            assert answer is not None, log.read_text()
            request_id = answer.headers["X-Request-ID"]
            assert request_id and request_id != "chosen-by-client"
            deadline = time.time() + 10
            while time.time() < deadline and request_id not in log.read_text():
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    entries = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert access, log.read_text()
    assert access[-1]["request_id"] == request_id and access[-1]["status"] == 200
    assert access[-1]["remote_addr"] == "127.0.0.1"  # the forged X-Forwarded-For was not believed
