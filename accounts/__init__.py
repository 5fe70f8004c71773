"""Account administration: user accounts (list, create, reset, roles), and the administrator's home page."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from accounts import home, routes  # noqa: E402,F401
