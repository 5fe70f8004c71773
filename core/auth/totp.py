"""Two-factor authentication: TOTP (RFC 6238) with replay refusal, and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import sqlalchemy as sa
from flask import current_app

from core.db import utcnow
from core.extensions import db
from core.models import RecoveryCode, Role, User

RECOVERY_CODE_COUNT = 10
PRODUCTION_REQUIRED = ("admin", "coordinator")


def required_roles() -> frozenset[Role]:
    """Roles that must use two-factor: TOTP_REQUIRED_ROLES, or admin and coordinator in production."""
    configured = current_app.config.get("TOTP_REQUIRED_ROLES")
    if configured is None:
        configured = PRODUCTION_REQUIRED if current_app.config.get("ENV_NAME") == "production" else ()
    return frozenset(Role(r) for r in configured)


def is_required(user: User) -> bool:
    """Whether this user must have two-factor turned on."""
    return user.role in required_roles()


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads (shown as text: no external QR service)."""
    issuer = f"{current_app.config.get('FORCE_NAME', 'CiP')} CiP"
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (current, previous or next) whose code this is, or None."""
    code = _clean_code(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = int((now if now is not None else time.time()) // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def verify_totp(user: User, code: str, now: float | None = None) -> bool:
    """Check a code for the user; each time step is accepted once (a replayed code is refused)."""
    if not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code, now)
    if step is None:
        return False
    # A conditional update, so two workers cannot both accept the same code.
    result = db.session.execute(
        sa.update(User)
        .where(User.id == user.id, sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def _hash_code(code: str) -> str:
    normal = "".join(ch for ch in (code or "").lower() if ch.isalnum())
    return hashlib.sha256(normal.encode("ascii", "ignore")).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; the plain codes are shown once, stored hashed."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    # 64 random bits each: too many to guess offline from the stored SHA-256 hashes.
    codes = ["-".join(secrets.token_hex(2) for _ in range(4)) for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code of the user; each works once."""
    if not code or len(code) > 40:
        return False
    result = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def unused_recovery_codes(user: User) -> int:
    """How many recovery codes the user has left."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def enrol(user: User, secret: str, code: str, now: float | None = None) -> list[str] | None:
    """Turn two-factor on if the code matches the new secret; returns the recovery codes, else None."""
    step = matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_last_step = step
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Turn two-factor off and remove the recovery codes."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
