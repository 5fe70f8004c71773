"""The scheduling blueprint (its CLI group `flask scheduler ...` is registered at the top level)."""

from flask import Blueprint

bp = Blueprint("scheduling", __name__, url_prefix="/scheduling", cli_group=None)

from scheduling import routes  # noqa: E402,F401
from scheduling.cli import scheduler_group  # noqa: E402

bp.cli.add_command(scheduler_group)
