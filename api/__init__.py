"""The JSON API for phones and integrations, under /api/v1/."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from api import routes  # noqa: E402,F401
