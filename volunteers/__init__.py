"""The volunteers blueprint."""

from flask import Blueprint

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers")

from volunteers import routes  # noqa: E402,F401
