"""Shared models: places (commands, districts, parishes), user accounts and the audit trail."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.encrypted import EncryptedText
from core.extensions import db

if TYPE_CHECKING:
    from schemes.models import EspBusiness
    from volunteers.models import Volunteer


def enum_type(enum_cls: type[enum.Enum]) -> sa.Enum:
    """A portable enum column stored as its string values (VARCHAR on every engine)."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


# Words that keep their capitals wherever a label is made from a stored value ("lord_ferrers_nomination").
PROPER_WORDS = {
    w.lower(): w for w in ("Lord", "Ferrers", "Essex", "Police", "ESP", "CSC", "CSAS", "DofE", "Edinburgh", "Op", "LPA")
}


def plain_label(value: str) -> str:
    """A stored value as plain English: spaces for underscores, a capital first letter, proper names kept."""
    words = value.replace("_", " ").capitalize().split(" ")
    return " ".join(PROPER_WORDS.get(word.lower(), word) for word in words)


def special_labels(**labels: str):
    """Class decorator: labels for members whose plain label would not read well ("pin_3_year": "3-year pin")."""

    def decorate(cls):
        cls._special_labels = labels
        return cls

    return decorate


class LabelledEnum(str, enum.Enum):
    """A string enum whose members carry a human label for screens."""

    @property
    def label(self) -> str:
        special = getattr(type(self), "_special_labels", {})
        return special.get(self.name.lower()) or special.get(self.value) or plain_label(self.value)


class Role(LabelledEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    SUPERVISOR = "supervisor"
    VOLUNTEER = "volunteer"
    PARISH = "parish"
    EMPLOYER = "employer"


class Command(db.Model):
    """A Local Policing Area (North, South, West) or a force-wide command such as OPC/SCD."""

    __tablename__ = "commands"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)
    is_lpa: Mapped[bool] = mapped_column(default=True)

    districts: Mapped[list[District]] = relationship(back_populates="command")

    def __str__(self) -> str:
        return self.name


class District(db.Model):
    """A community safety partnership area (Basildon, Braintree ...) inside an LPA."""

    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    command_id: Mapped[int] = mapped_column(sa.ForeignKey("commands.id"), index=True)

    command: Mapped[Command] = relationship(back_populates="districts")
    parishes: Mapped[list[Parish]] = relationship(back_populates="district")

    def __str__(self) -> str:
        return self.name


class CouncilKind(LabelledEnum):
    PARISH = "parish"
    TOWN = "town"
    CITY = "city"


class Parish(db.Model):
    """A parish, town or city council: funds Community Special Constable posts."""

    __tablename__ = "parishes"
    __table_args__ = (sa.UniqueConstraint("district_id", "name"), sa.Index("ix_parishes_name_id", "name", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    council_kind: Mapped[CouncilKind] = mapped_column(enum_type(CouncilKind), default=CouncilKind.PARISH)
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(120))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))

    district: Mapped[District] = relationship(back_populates="parishes")

    @property
    def council_name(self) -> str:
        """The council's formal name, e.g. 'Leigh-on-Sea Town Council'."""
        return f"{self.name} {self.council_kind.value.capitalize()} Council"

    def __str__(self) -> str:
        return self.council_name


class User(UserMixin, db.Model):
    """A login account with one role and, for scoped roles, the record it is tied to."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("(role <> 'volunteer') OR (volunteer_id IS NOT NULL)", name="volunteer_has_record"),
        sa.CheckConstraint("(role <> 'parish') OR (parish_id IS NOT NULL)", name="parish_has_council"),
        sa.CheckConstraint("(role <> 'employer') OR (esp_business_id IS NOT NULL)", name="employer_has_business"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role))
    volunteer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("volunteers.id"), index=True)
    parish_id: Mapped[int | None] = mapped_column(sa.ForeignKey("parishes.id"), index=True)
    esp_business_id: Mapped[int | None] = mapped_column(sa.ForeignKey("esp_businesses.id"), index=True)
    command_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commands.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Changing this token invalidates every session and remember-me cookie of the user.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=lambda: secrets.token_hex(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-factor (TOTP): the base32 secret once enrolled (encrypted at rest with CIP_TOTP_KEY), and the
    # last accepted time step (no replay).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText())
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    password_reset_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The permission to compile returns: read equality answers and the figures built from them (granted by an
    # admin, audited; it counts only while the account is staff: core.permissions.compiles_returns).
    compiles_returns: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    volunteer: Mapped[Volunteer | None] = relationship(foreign_keys=[volunteer_id])
    parish: Mapped[Parish | None] = relationship()
    esp_business: Mapped[EspBusiness | None] = relationship()
    command: Mapped[Command | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.active

    def get_id(self) -> str:
        """Flask-Login identity: the id plus the session token, so rotating it ends every session."""
        return f"{self.id}:{self.session_token}"

    @property
    def has_totp(self) -> bool:
        return bool(self.totp_secret)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __str__(self) -> str:
        return self.display_name


class AuditEvent(db.Model):
    """An append-only record of who did what, when (UTC)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str | None] = mapped_column(sa.String(254))
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str | None] = mapped_column(sa.String(60))
    object_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[dict | None] = mapped_column(sa.JSON)
    remote_addr: Mapped[str | None] = mapped_column(sa.String(64))


class RecoveryCode(db.Model):
    """A two-factor recovery code, stored hashed; each works once."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AuthToken(db.Model):
    """A single-use, expiring account set-up or password reset link, stored hashed."""

    __tablename__ = "auth_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))  # "setup" or "reset"
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginAttempt(db.Model):
    """A failed sign-in, counted per account and per address by every worker (throttling)."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(64), index=True)
