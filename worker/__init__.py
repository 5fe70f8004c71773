"""The background worker: imports, exports and reports run outside the web request, with progress pages.

Above the feature packages (it runs their importers and exports); nothing below imports it. Features
queue work through ``core.background.queue`` and link to ``worker.job`` for its progress page.
"""

from flask import Blueprint

bp = Blueprint("worker", __name__, url_prefix="/work", cli_group=None)

from worker import health, routes  # noqa: E402,F401
