"""Error pages: 401, 403, 404, 413, 429, 500 (JSON for the API)."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from core.extensions import db

PAGES = {400, 401, 403, 404, 405, 413, 429, 500}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, reason: str, field: str | None = None):
    """The JSON error every /api/ failure answers: {"error": {"status", "reason", "field"}}, with its status."""
    return jsonify({"error": {"status": status, "reason": reason, "field": field}}), status


def register_errorhandlers(app: Flask) -> None:
    """Render our own page (or JSON under /api/) for each HTTP error."""

    def render_error(error: HTTPException):
        code = error.code or 500
        if code == 500:
            db.session.rollback()
        # A 405 names the methods the resource does answer (RFC 9110).
        headers = {"Allow": ", ".join(sorted(error.valid_methods))} if getattr(error, "valid_methods", None) else {}
        if _wants_json():
            body, status = json_error(code, error.description)
            return body, status, headers
        template = f"errors/{code}.html" if code in PAGES else "errors/404.html"
        return render_template(template, error=error), code, headers

    for code in PAGES:
        app.register_error_handler(code, render_error)

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        if isinstance(error, HTTPException):
            return render_error(error)
        app.logger.exception("Unhandled error")
        db.session.rollback()
        if _wants_json():
            return json_error(500, "Internal server error")
        try:
            return render_template("errors/500.html"), 500
        except Exception:  # the user loader or a context processor failed: render bare
            return current_app.jinja_env.get_template("errors/500.html").render(), 500
