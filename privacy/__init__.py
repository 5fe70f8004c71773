"""UK GDPR operations: subject access, erasure, retention; and the audit log viewer."""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/privacy-admin")

from privacy import routes  # noqa: E402,F401
