"""UK GDPR operations: subject access, erasure, retention; and the audit log viewer."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy-admin", cli_group="privacy")

from privacy import cli, routes  # noqa: E402,F401
