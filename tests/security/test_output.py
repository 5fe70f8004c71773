"""Safe output: formula cells neutralised, PDF markup escaped without network access, file names
sanitised, a clear 413 for oversized uploads, and posted fields a form does not declare ignored."""

from __future__ import annotations

import socket
import threading

import pytest
import sqlalchemy as sa

from core import pdf
from core.csvio import csv_response, csv_text, neutralise_cell, safe_filename
from core.models import Role, User
from privacy.files import readable_text
from tests.factories import PASSWORD, sign_in_session
from tests.security.helpers import login, post_form


@pytest.mark.parametrize("cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\0x", '=HYPERLINK("http://x")'])
def test_formula_cells_are_neutralised(cell):
    assert neutralise_cell(cell).startswith("'")
    text = csv_text(["Name"], [[cell]])
    assert "\n=" not in text and "\n+" not in text and "\n@" not in text


def test_plain_cells_are_untouched():
    assert neutralise_cell("Jane Smith") == "Jane Smith"
    assert neutralise_cell(12) == "12"
    assert neutralise_cell(None) == ""


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", 'report"; filename="evil.exe', "line\r\nbreak.csv", "naïve name.csv", ""]
)
def test_download_file_names_are_sanitised(app, name):
    cleaned = safe_filename(name)
    assert cleaned and all(ch.isalnum() or ch in "._-" for ch in cleaned)
    assert not cleaned.startswith(".")
    with app.test_request_context():
        response = csv_response(name, ["a"], [["b"]])
    disposition = response.headers["Content-Disposition"]
    assert disposition.count('"') == 2 and "\n" not in disposition and "/" not in disposition
    assert response.headers["Cache-Control"] == "no-store"


class _Listener:
    """A TCP listener on 127.0.0.1 that counts connections."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def reportlab_trusts_localhost(monkeypatch):
    """ReportLab 5 fetches from no host by default; trust 127.0.0.1 so only the escaping protects us."""
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "trustedHosts", ["127.0.0.1", "127.0.0.1:*"])
    monkeypatch.setattr(rl_config, "trustedSchemes", ["http", "https", "file", "data"])


def test_markup_in_a_name_renders_literally_and_fetches_nothing(reportlab_trusts_localhost):
    listener = _Listener()
    try:
        name = f'<img src="http://127.0.0.1:{listener.port}/x.png" width="10" height="10"/> <b>Bold</b> & Co'
        story = [pdf.heading(name), pdf.text(name), pdf.table(["Name", "Hours"], [[name, "4"]])]
        data = pdf.render(f"Report for {name}", story, subtitle=name)
        assert data.startswith(b"%PDF")
        text = readable_text(data)
        assert f"127.0.0.1:{listener.port}/x.png" in text and "<b>Bold</b>" in text
    finally:
        listener.close()
    assert listener.connections == 0


def test_unescaped_markup_would_fetch_the_image(reportlab_trusts_localhost):
    """The control: ReportLab given raw markup does connect out (so the escaping is what stops it)."""
    import time

    from reportlab.platypus import Paragraph

    listener = _Listener()
    try:
        with pytest.raises(OSError):
            Paragraph(f'<img src="http://127.0.0.1:{listener.port}/x.png" width="10" height="10"/>', pdf.STYLES["body"])
        deadline = time.monotonic() + 2
        while listener.connections == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        listener.close()
    assert listener.connections >= 1


def test_oversized_upload_gets_a_clear_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/auth/login", data={"email": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_sign_in_ignores_undeclared_fields(app, db, coordinator_user):
    client = app.test_client()
    page = client.get("/auth/login")
    assert page.status_code == 200
    login_data = {"role": "admin", "active": "0", "id": "1", "session_token": "chosen"}
    response = post_form(client, "/auth/login", {"email": coordinator_user.email, "password": PASSWORD, **login_data})
    assert response.status_code == 302
    db.session.refresh(coordinator_user)
    assert coordinator_user.role == Role.COORDINATOR and coordinator_user.session_token != "chosen"


def test_admin_create_ignores_undeclared_fields(client, db, admin_user):
    sign_in_session(client, admin_user)
    post_form(
        client,
        "/admin/users/new",
        {
            "display_name": "Plain Coordinator",
            "email": "plain@example.org",
            "role": "coordinator",
            "parish_id": "",
            "esp_business_id": "",
            "command_id": "",
            "active": "0",
            "session_token": "chosen",
            "totp_secret": "JBSWY3DPEHPK3PXP",
            "password_hash": "x",
            "approved": "1",
        },
    )
    user = db.session.scalars(sa.select(User).where(User.email == "plain@example.org")).one()
    assert user.active is True and user.session_token != "chosen" and user.totp_secret is None
    assert user.password_hash != "x"


def test_role_change_form_ignores_other_fields(client, db, admin_user, coordinator_user):
    sign_in_session(client, admin_user)
    post_form(
        client,
        f"/admin/users/{coordinator_user.id}/role",
        {"role": "supervisor", "email": "hijack@example.org", "active": "0"},
    )
    db.session.refresh(coordinator_user)
    assert coordinator_user.email != "hijack@example.org" and coordinator_user.active is True


def test_two_factor_setup_ignores_a_posted_secret(client, db, volunteer_user):
    import pyotp

    sign_in_session(client, volunteer_user)
    chosen = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    post_form(client, "/auth/two-factor/setup", {"code": pyotp.TOTP(chosen).now(), "totp_secret": chosen})
    db.session.refresh(volunteer_user)
    assert volunteer_user.totp_secret != chosen


def test_set_password_link_ignores_role(app, db, volunteer_user):
    from core.auth import tokens

    raw = tokens.issue_token(volunteer_user, tokens.RESET)
    db.session.commit()
    visitor = app.test_client()
    post_form(
        visitor,
        f"/auth/set-password/{raw}",
        {"new_password": "volunteer passphrase", "confirm_password": "volunteer passphrase", "role": "admin"},
    )
    db.session.refresh(volunteer_user)
    assert volunteer_user.role == Role.VOLUNTEER
    assert login(app.test_client(), volunteer_user.email, "volunteer passphrase").status_code == 302
