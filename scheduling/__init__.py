"""The scheduling blueprint."""

from flask import Blueprint

bp = Blueprint("scheduling", __name__, url_prefix="/scheduling")

from scheduling import routes  # noqa: E402,F401
