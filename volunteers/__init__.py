"""The volunteers blueprint."""

from flask import Blueprint

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers")

# Imported for their side effects: scope rules, routes and navigation entries.
from volunteers import routes, scopes  # noqa: E402,F401,I001
from volunteers.pipeline import routes as pipeline_routes  # noqa: E402,F401
