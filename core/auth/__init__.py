"""Sign in, sign out and password change."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from core.auth import cli, links, loader, routes, two_factor  # noqa: E402,F401
