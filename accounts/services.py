"""Creating and managing user accounts."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from core.auth.passwords import hash_password, password_problem
from core.auth.services import find_user_by_email, rotate_session_token
from core.db import utcnow
from core.extensions import db
from core.models import Command, Parish, Role, User
from core.refusals import Refusal
from schemes.models import EspBusiness


def normalise_email(email: str) -> str:
    """A syntactically valid, lower-cased email address, or Refusal."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as problem:
        raise Refusal("Enter an email address in the correct format, like name@example.org", "email") from problem


def create_user(
    email: str,
    display_name: str,
    role: str | Role,
    password: str | None = None,
    volunteer_id: int | None = None,
    parish_id: int | None = None,
    esp_business_id: int | None = None,
    command_id: int | None = None,
) -> User:
    """Create an account, checking the role's scope record and the password policy.

    Without a password the account cannot sign in until its holder uses a set-up link."""
    email = normalise_email(email)
    try:
        role = Role(role)
    except ValueError as problem:
        raise Refusal("Choose a role", "role") from problem
    if find_user_by_email(email):
        raise Refusal("An account with this email address already exists", "email")
    if not display_name.strip():
        raise Refusal("Enter a name", "display_name")
    if password is not None:
        problem = password_problem(password, email)
        if problem:
            raise Refusal(problem, "password")
    needs = {
        Role.VOLUNTEER: ("volunteer_id", volunteer_id),
        Role.PARISH: ("parish_id", parish_id),
        Role.EMPLOYER: ("esp_business_id", esp_business_id),
    }
    if role in needs and not needs[role][1]:
        raise Refusal(f"A {role.value} account must be linked to its record", needs[role][0])
    user = User(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password) if password is not None else unusable_password_hash(),
        volunteer_id=volunteer_id if role == Role.VOLUNTEER else None,
        parish_id=parish_id if role == Role.PARISH else None,
        esp_business_id=esp_business_id if role == Role.EMPLOYER else None,
        command_id=command_id if role == Role.SUPERVISOR else None,
        password_changed_at=utcnow() if password is not None else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def unusable_password_hash() -> str:
    """A value no password verifies against (not an argon2 hash): for accounts awaiting set-up."""
    return "!unset-" + secrets.token_hex(16)


def change_role(user: User, role: str | Role) -> Role:
    """Give the account another role (admin and coordinator only: scoped roles need their record).

    Ends the user's sessions so the new permissions apply at once; returns the old role."""
    try:
        new = Role(role)
    except ValueError as problem:
        raise Refusal("Choose a role", "role") from problem
    if new not in (Role.ADMIN, Role.COORDINATOR, Role.SUPERVISOR) or user.role not in (
        Role.ADMIN,
        Role.COORDINATOR,
        Role.SUPERVISOR,
    ):
        raise Refusal("Only admin, coordinator and supervisor accounts can change role here", "role")
    old = user.role
    user.role = new
    rotate_session_token(user)
    return old


def set_active(user: User, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions."""
    user.active = active
    if not active:
        rotate_session_token(user)


def list_users(role: str | None = None, query: str | None = None) -> list[User]:
    """Accounts, optionally filtered by role and a name/email search."""
    stmt = sa.select(User).order_by(User.role, User.email)
    if role:
        stmt = stmt.where(User.role == Role(role))
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.email).like(like), sa.func.lower(User.display_name).like(like)))
    return list(db.session.scalars(stmt.limit(500)))


def link_choices() -> dict[str, list[tuple[int, str]]]:
    """What a new account can be tied to, as id/name pairs by name: parishes, ESP businesses, commands."""

    def pairs(stmt: sa.Select) -> list[tuple[int, str]]:
        return [(row[0], str(row[1])) for row in db.session.execute(stmt).all()]

    return {
        "parishes": pairs(sa.select(Parish.id, Parish.name).order_by(Parish.name)),
        "businesses": pairs(sa.select(EspBusiness.id, EspBusiness.name).order_by(EspBusiness.name)),
        "commands": pairs(sa.select(Command.id, Command.name).order_by(Command.name)),
    }


def set_compiles_returns(user: User, allowed: bool) -> bool:
    """Grant or withdraw the permission to compile returns (admins and coordinators only); returns whether it
    changed. Ends the user's sessions when withdrawn, so it stops at once."""
    if allowed and user.role not in (Role.ADMIN, Role.COORDINATOR):
        raise Refusal("Only admin and coordinator accounts can compile returns", "compiles_returns")
    if user.compiles_returns == allowed:
        return False
    user.compiles_returns = allowed
    if not allowed:
        rotate_session_token(user)
    return True
