"""Account administration: list, create, reset password, enable and disable."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from core.admin import bp
from core.admin.forms import CreateUserForm, ResetPasswordForm
from core.admin.services import UserInputError, create_user, list_users, reset_password, set_active
from core.audit import record
from core.extensions import db
from core.models import Command, Parish, Role, User
from core.navigation import register_nav
from core.permissions import allow
from schemes.models import EspBusiness

register_nav("Accounts", "admin.users", {Role.ADMIN}, order=90)


def _optional_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _fill_choices(form: CreateUserForm) -> None:
    parishes = db.session.execute(sa.select(Parish.id, Parish.name).order_by(Parish.name)).all()
    businesses = db.session.execute(sa.select(EspBusiness.id, EspBusiness.name).order_by(EspBusiness.name)).all()
    commands = db.session.execute(sa.select(Command.id, Command.name).order_by(Command.name)).all()
    form.parish_id.choices = [("", "None")] + [(str(i), n) for i, n in parishes]
    form.esp_business_id.choices = [("", "None")] + [(str(i), n) for i, n in businesses]
    form.command_id.choices = [("", "All areas")] + [(str(i), n) for i, n in commands]


@bp.route("/users")
@allow(Role.ADMIN)
def users():
    """Every account, filterable by role and searchable."""
    role = request.args.get("role") or None
    if role and role not in {r.value for r in Role}:
        role = None
    found = list_users(role, request.args.get("q"))
    return render_template("admin/users.html", users=found, role=role, q=request.args.get("q", ""), roles=list(Role))


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Role.ADMIN)
def create():
    """Create an account tied to its scope."""
    form = CreateUserForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            user = create_user(
                email=form.email.data,
                display_name=form.display_name.data,
                role=form.role.data,
                password=form.password.data,
                volunteer_id=form.volunteer_id.data,
                parish_id=_optional_int(form.parish_id.data),
                esp_business_id=_optional_int(form.esp_business_id.data),
                command_id=_optional_int(form.command_id.data),
            )
        except UserInputError as problem:
            field = getattr(form, problem.field or "email", form.email)
            field.errors = list(field.errors) + [str(problem)]
        else:
            record("user_created", "user", user.id, detail={"role": user.role.value})
            db.session.commit()
            flash(f"Account created for {user.email}", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/create_user.html", form=form)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@allow(Role.ADMIN)
def reset(user_id: int):
    """Reset someone's password to a temporary one."""
    user = _user_or_404(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(user, form.password.data)
        except UserInputError as problem:
            form.password.errors = list(form.password.errors) + [str(problem)]
        else:
            record("password_reset", "user", user.id)
            db.session.commit()
            flash(f"Password reset for {user.email}", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/reset_password.html", form=form, user=user)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@allow(Role.ADMIN)
def toggle_active(user_id: int):
    """Disable or re-enable an account (you cannot disable your own)."""
    user = _user_or_404(user_id)
    if user.id == current_user.id:
        flash("You cannot disable your own account", "error")
        return redirect(url_for("admin.users"))
    set_active(user, not user.active)
    record("user_enabled" if user.active else "user_disabled", "user", user.id)
    db.session.commit()
    flash(f"{user.email} is now {'enabled' if user.active else 'disabled'}", "success")
    return redirect(url_for("admin.users"))
