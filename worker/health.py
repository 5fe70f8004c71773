"""``/readyz``: the database answers, its schema is at the migrations' head, and the worker is alive.

(``/healthz``, in ``core.views``, only says the web process is alive and touches no database.) Both are
public and cheap: one short read transaction; the migrations' head is read from disk once per process.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app

from core.background import queue
from core.db import read_only_transactions, utcnow
from core.extensions import db
from core.permissions import public

health_bp = Blueprint("health", __name__)
DEFAULT_HEARTBEAT_SECONDS = 60
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@cache
def migration_heads() -> frozenset[str]:
    """The revision(s) the migrations end at (read once: they change only with a new release)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def readiness() -> tuple[bool, dict[str, str]]:
    """Each check's verdict, and whether all passed."""
    checks: dict[str, str] = {}
    try:
        with read_only_transactions():
            versions = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
            beat = queue.last_beat()
            db.session.rollback()
        checks["database"] = "ok"
    except sa.exc.SQLAlchemyError as problem:
        db.session.rollback()
        checks["database"] = f"unreachable: {type(problem).__name__}"
        return False, checks
    checks["migrations"] = (
        "ok" if versions == migration_heads() else f"at {sorted(versions)}, head {sorted(migration_heads())}"
    )
    limit = timedelta(seconds=current_app.config.get("WORKER_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))
    if beat is None:
        checks["worker"] = "no heartbeat yet"
    elif utcnow() - beat > limit:
        checks["worker"] = f"last heartbeat {int((utcnow() - beat).total_seconds())} s ago"
    else:
        checks["worker"] = "ok"
    return all(v == "ok" for v in checks.values()), checks


@health_bp.route("/readyz")
@public
def readyz():
    """Ready to serve: 200 when the database, the migrations and the worker are all right, else 503."""
    ready, checks = readiness()
    return {"status": "ready" if ready else "not ready", "checks": checks}, (200 if ready else 503)
