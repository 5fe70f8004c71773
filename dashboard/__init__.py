"""The coordinator dashboard and the Commissioner's quarterly figures."""

from flask import Blueprint

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
# The figures as JSON at /api/v1/figures: registered in core/factory.py beside the api blueprint.
figures_api_bp = Blueprint("figures_api", __name__, url_prefix="/api/v1")

from dashboard import api, routes  # noqa: E402,F401  (api: the figures API's error handlers and OpenAPI entry)
