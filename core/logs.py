"""Logs: JSON lines in production, readable lines in development, each with its request's id.

The same formatters serve the app's own lines and gunicorn's access log (gunicorn.conf.py), which reads
the id from the X-Request-ID response header the app sets on every answer.
"""

from __future__ import annotations

import json
import logging
import logging.config
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# What an id from a trusted proxy may look like: enough for UUIDs and common tracing ids, nothing that
# could break a log line.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
ACCESS_LOGGER = "gunicorn.access"
ACCESS_ID_ATOM = "{x-request-id}o"
# gunicorn's access line in readable logs (the JSON formatter picks the atoms itself).
ACCESS_TEXT_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def request_id() -> str:
    """The current request's id, or '-' outside a request."""
    if has_request_context():
        return g.get("request_id", "-")
    return "-"


def register_request_ids(app: Flask) -> None:
    """Give every request an id (a trusted proxy's X-Request-ID, else a new one) and echo it in the answer."""

    @app.before_request
    def _assign_request_id():
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        trusted = app.config.get("PROXY_COUNT", 0) > 0 and VALID_REQUEST_ID.match(offered)
        g.request_id = offered if trusted else uuid.uuid4().hex

    @app.after_request
    def _echo_request_id(response):
        response.headers[REQUEST_ID_HEADER] = g.get("request_id") or uuid.uuid4().hex
        return response


class RequestIdFilter(logging.Filter):
    """Puts ``request_id`` on every record: the request's, or for gunicorn's access lines the answer's header."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            atoms = record.args if record.name == ACCESS_LOGGER and isinstance(record.args, Mapping) else None
            record.request_id = (atoms.get(ACCESS_ID_ATOM) if atoms is not None else None) or request_id()
        return True


class TextFormatter(logging.Formatter):
    """Readable lines for development: time, level, request id, logger, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = getattr(record, "request_id", None) or request_id()
        return super().format(record)


def _access_fields(atoms: Mapping) -> dict:
    status = str(atoms.get("s") or "")
    return {
        "message": "request",
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "query": atoms.get("q") or None,
        "status": int(status) if status.isdigit() else status,
        "bytes": atoms.get("B"),
        "duration_ms": atoms.get("M"),
        "remote_addr": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for log shipping: time (UTC), level, logger, request id, message, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or request_id(),
        }
        if record.name == ACCESS_LOGGER and isinstance(record.args, Mapping):
            entry.update(_access_fields(record.args))
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(fmt: str = "text", level: str = "info") -> dict:
    """The dictConfig for the app's and gunicorn's loggers: one stream to stderr, one formatter."""
    level = level.upper()
    formatter = "json" if fmt == "json" else "text"
    handler = {"handlers": ["stderr"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}, "text": {"()": TextFormatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": formatter,
                "filters": ["request_id"],
            }
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level, **handler},
            ACCESS_LOGGER: {"level": "INFO", **handler},
            "alembic": {"level": "WARNING"},  # its plugin set-up lines at every start say nothing
        },
    }


def is_configured() -> bool:
    """Whether logging already goes through these formatters (gunicorn applied logging_config)."""
    return any(isinstance(f, RequestIdFilter) for handler in logging.getLogger().handlers for f in handler.filters)


def configure_logging(fmt: str, level: str) -> None:
    """Send the process's logs through the formatters, unless gunicorn already did (entry points only)."""
    if not is_configured():
        logging.config.dictConfig(logging_config(fmt, level))
