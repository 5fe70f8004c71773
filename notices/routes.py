"""The notices page: my notices, newest first, and marking them read."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from core.extensions import db
from core.permissions import ALL_ROLES, allow
from notices import bp
from notices import services as notices


@bp.app_context_processor
def unread_notices() -> dict:
    """The header's unread count, for a signed-in user."""

    def count() -> int:
        if not getattr(current_user, "is_authenticated", False):
            return 0
        return notices.unread_count(current_user)

    return {"unread_notices": count}


@bp.route("/")
@allow(ALL_ROLES)
def index():
    """My notices, newest first (new ones marked)."""
    return render_template("notices/index.html", notes=notices.notices_for(current_user))


@bp.route("/read", methods=["POST"])
@allow(ALL_ROLES)
def read():
    """Mark all my notices read."""
    marked = notices.mark_all_read(current_user)
    db.session.commit()
    flash(f"{marked} notice{'' if marked == 1 else 's'} marked as read", "success")
    return redirect(url_for("notices.index"))
