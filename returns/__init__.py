"""The Home Office return (Police workforce, England and Wales; the national cadet census), counted from the
dated records so a past date gives the same figures later."""

from flask import Blueprint

bp = Blueprint("returns", __name__, url_prefix="/returns")

from returns import routes  # noqa: E402,F401
