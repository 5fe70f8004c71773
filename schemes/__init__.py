"""The schemes blueprint."""

from flask import Blueprint

bp = Blueprint("schemes", __name__, url_prefix="/schemes")

from schemes import routes  # noqa: E402,F401
