"""The administrator's home page: accounts per role and the latest audit events."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from accounts import bp
from core.extensions import db
from core.landing import register_home
from core.models import AuditEvent, Role, User
from core.permissions import allow

register_home(Role.ADMIN, "admin.home")


def admin_summary() -> tuple[dict[Role, int], list[AuditEvent]]:
    """Accounts per role and the latest audit events."""
    counts = dict(db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(20)).all()
    return {role: counts.get(role, 0) for role in Role}, list(events)


@bp.route("/home")
@allow(Role.ADMIN)
def home():
    """Administrator's home: accounts and the latest audit events."""
    counts, events = admin_summary()
    return render_template("admin/home.html", counts=counts, events=events)
