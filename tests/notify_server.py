"""A stand-in for GOV.UK Notify on 127.0.0.1, for tests: it answers the documented POST /v2/notifications/email
and /v2/notifications/sms (201 with the notification's id, reference, content, uri and template), checks the
client's JWT bearer (HS256, signed with the key's secret, ``iss`` the service id, ``iat`` within 30 seconds),
and refuses as Notify does (403 AuthError, 400 BadRequestError/ValidationError). The real service cannot be
reached from here."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"cip_test-{SERVICE_ID}-{SECRET}"  # Notify's shape: name, service id, secret
EMAIL_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
SMS_TEMPLATE = "289ab2b3-dcf8-4f38-a7ff-c1b7a0b9a5b2"


@dataclass
class NotifyServer:
    """Where the stand-in listens, what it accepted, and how it should answer next (``fail_with``)."""

    base_url: str
    received: list[dict] = field(default_factory=list)
    fail_with: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def config(self, **extra) -> dict:
        """The app settings that send email and texts here."""
        return {
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_EMAIL_TEMPLATE_ID": EMAIL_TEMPLATE,
            "NOTIFY_SMS_TEMPLATE_ID": SMS_TEMPLATE,
            "NOTIFY_BASE_URL": self.base_url,
            "MAIL_SERVER": None,
            **extra,
        }


def _error(status: int, error: str, message: str) -> tuple[int, dict]:
    return status, {"status_code": status, "errors": [{"error": error, "message": message}]}


def _token_problem(header: str | None) -> str | None:
    if not header or not header.startswith("Bearer "):
        return "Unauthorized: authentication token must be provided"
    token = header.removeprefix("Bearer ")
    try:
        if jwt.get_unverified_header(token).get("alg") != "HS256":
            return "Invalid token: algorithm used is not HS256"
        claims = jwt.decode(token, SECRET, algorithms=["HS256"], options={"verify_iat": False})
    except jwt.InvalidTokenError:
        return "Invalid token: API key not found"
    if claims.get("iss") != SERVICE_ID:
        return "Invalid token: service not found"
    if abs(time.time() - int(claims.get("iat", 0))) > 30:
        return "Error: Your system clock must be accurate to within 30 seconds"
    return None


def answer(server: NotifyServer, path: str, auth: str | None, body: dict) -> tuple[int, dict]:
    """Notify's answer to one request (status and JSON)."""
    kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(path)
    if kind is None:
        return 404, {"result": "error", "message": "The requested URL was not found on the server."}
    if problem := _token_problem(auth):
        return _error(403, "AuthError", problem)
    if server.fail_with:
        return _error(server.fail_with, "Exception", "Internal server error")
    template = EMAIL_TEMPLATE if kind == "email" else SMS_TEMPLATE
    if body.get("template_id") != template:
        return _error(400, "BadRequestError", "Template not found")
    address = body.get("email_address" if kind == "email" else "phone_number") or ""
    if kind == "sms" and not address.replace(" ", "").lstrip("+").isdigit():
        return _error(400, "ValidationError", "phone_number Must not contain letters or symbols")
    personalisation = body.get("personalisation") or {}
    if "body" not in personalisation or (kind == "email" and "subject" not in personalisation):
        return _error(400, "BadRequestError", "Missing personalisation: body")
    notification_id = str(uuid.uuid4())
    with server.lock:
        server.received.append({"id": notification_id, "kind": kind, **body})
    content = {"body": personalisation["body"]}
    content.update(
        {"subject": personalisation["subject"], "from_email": "cip@notifications.service.gov.uk"}
        if kind == "email"
        else {"from_number": "CiP"}
    )
    return 201, {
        "id": notification_id,
        "reference": body.get("reference"),
        "content": content,
        "uri": f"{server.base_url}/v2/notifications/{notification_id}",
        "template": {"id": template, "version": 1, "uri": f"{server.base_url}/v2/template/{template}/version/1"},
    }


@contextmanager
def running_notify_server() -> Iterator[NotifyServer]:
    """The stand-in on a free port of 127.0.0.1 for the block."""
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802  (http.server's method name)
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                status, payload = _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
            else:
                status, payload = answer(state["server"], self.path, self.headers.get("Authorization"), body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["server"] = NotifyServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state["server"]
    finally:
        httpd.shutdown()
        httpd.server_close()
