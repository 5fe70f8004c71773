"""The coordinator dashboard and the Commissioner's quarterly figures."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

from dashboard import routes  # noqa: E402,F401
