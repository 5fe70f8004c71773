"""Password hashing (argon2id, OWASP parameters) and the password policy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context

from config import DEMO_PASSWORD_DEFAULT

# OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common-passwords.txt"


def hash_password(password: str) -> str:
    """A salted argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the password matches the stored hash (never raises on a bad hash)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the stored hash uses weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common and breached passwords, lower-cased (comments skipped)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_common(password: str) -> bool:
    """Whether the password (ignoring case and surrounding spaces) is on the common/breached list."""
    return password.strip().lower() in common_passwords()


def _refused_in_this_environment(password: str) -> bool:
    """The published demo password is refused for real accounts in production."""
    if not has_app_context() or current_app.config.get("ENV_NAME") != "production":
        return False
    return password in {DEMO_PASSWORD_DEFAULT, current_app.config.get("DEMO_PASSWORD")}


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a new password is unacceptable, or None. Length and a breached-list check: no composition rules."""
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if email and password.strip().lower() in {email.lower(), email.lower().partition("@")[0]}:
        return "Password must not be your email address"
    if is_common(password) or _refused_in_this_environment(password):
        return "This password is too common and easy to guess: choose a different one, such as three random words"
    return None


# Hash of a fixed string, used to spend the same time when the email is unknown.
DUMMY_HASH = hash_password("not-a-real-password-timing-equaliser")
