"""Account administration: list, create, reset password, enable and disable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts import bp
from accounts.forms import ChangeRoleForm, CreateUserForm, ResetPasswordForm, ReturnsPermissionForm
from accounts.services import change_role, create_user, link_choices, list_users, set_active, set_compiles_returns
from core.audit import record
from core.auth.links import link_url
from core.auth.tokens import RESET, SETUP, issue_token, lifetime
from core.extensions import db
from core.models import Role, User
from core.navigation import register_nav
from core.params import whole_number
from core.permissions import allow
from core.refusals import Refusal, show_refusal

register_nav("Accounts", "admin.users", {Role.ADMIN}, order=90)


def _fill_choices(form: CreateUserForm) -> None:
    links = link_choices()
    form.parish_id.choices = [("", "None")] + [(str(i), n) for i, n in links["parishes"]]
    form.esp_business_id.choices = [("", "None")] + [(str(i), n) for i, n in links["businesses"]]
    form.command_id.choices = [("", "All areas")] + [(str(i), n) for i, n in links["commands"]]


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
                volunteer_id=form.volunteer_id.data,
                parish_id=whole_number(form.parish_id.data),
                esp_business_id=whole_number(form.esp_business_id.data),
                command_id=whole_number(form.command_id.data),
            )
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            raw = issue_token(user, SETUP)
            record("user_created", "user", user.id, detail={"role": user.role.value})
            record("setup_link_issued", "user", user.id)
            db.session.commit()
            return _link_page(user, raw, SETUP)
    return render_template("admin/create_user.html", form=form)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _link_page(user: User, raw_token: str, purpose: str):
    """Show a new set-up or reset link once, for the admin to pass on by a separate channel."""
    hours = int(lifetime().total_seconds() // 3600)
    return render_template("admin/link_issued.html", user=user, link=link_url(raw_token), purpose=purpose, hours=hours)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@allow(Role.ADMIN)
def reset(user_id: int):
    """Create a single-use password reset link for someone (no password is typed by the admin)."""
    user = _user_or_404(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        raw = issue_token(user, RESET)
        record("reset_link_issued", "user", user.id)
        db.session.commit()
        return _link_page(user, raw, RESET)
    return render_template("admin/reset_password.html", form=form, user=user)


@bp.route("/users/<int:user_id>/role", methods=["GET", "POST"])
@allow(Role.ADMIN)
def role(user_id: int):
    """Change an account's role (staff and supervisor roles); the user's sessions end."""
    user = _user_or_404(user_id)
    form = ChangeRoleForm(data={"role": user.role.value} if request.method == "GET" else None)
    if form.validate_on_submit():
        if user.id == current_user.id:
            form.role.errors = list(form.role.errors) + ["You cannot change your own role"]
        else:
            try:
                old = change_role(user, form.role.data)
            except Refusal as problem:
                show_refusal(form, problem)
            else:
                record("user_role_changed", "user", user.id, detail={"from": old.value, "to": user.role.value})
                db.session.commit()
                flash(f"{user.email} is now {user.role.label.lower()}", "success")
                return redirect(url_for("admin.users"))
    return render_template("admin/change_role.html", form=form, user=user)


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


@bp.route("/users/<int:user_id>/returns", methods=["GET", "POST"])
@allow(Role.ADMIN)
def returns_permission(user_id: int):
    """Grant or withdraw someone's permission to compile returns (equality figures); audited."""
    user = _user_or_404(user_id)
    form = ReturnsPermissionForm(data={"compiles_returns": "yes" if user.compiles_returns else "no"})
    if request.method == "POST":
        form = ReturnsPermissionForm()
    if form.validate_on_submit():
        try:
            changed = set_compiles_returns(user, form.compiles_returns.data == "yes")
        except Refusal as problem:
            show_refusal(form, problem)
        else:
            if changed:
                action = "returns_permission_granted" if user.compiles_returns else "returns_permission_withdrawn"
                record(action, "user", user.id)
            db.session.commit()
            verb = "can" if user.compiles_returns else "cannot"
            flash(f"{user.email} {verb} compile returns", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/returns_permission.html", form=form, user=user)
