"""Expenses: volunteers claim what they are owed against their duties, supervisors approve, a coordinator closes the
month's payment run and hands finance a file; the figures of spend."""

from flask import Blueprint

bp = Blueprint("expenses", __name__, url_prefix="/expenses")

from expenses import admin_routes, routes, scopes  # noqa: E402,F401
