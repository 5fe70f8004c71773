"""Secrets encrypted at rest (two-factor keys): Fernet with CIP_TOTP_KEY, or in development a key
derived from the secret key. Several comma-separated keys rotate: the first encrypts, any decrypts."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import lru_cache

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

FERNET_PREFIX = "gAAAAA"  # every Fernet token starts so (version byte 0x80, then the timestamp)


def derived_key(secret_key: str) -> str:
    """A Fernet key derived from the app's secret key (development and tests only)."""
    digest = hashlib.sha256(b"cip two-factor secrets\x00" + secret_key.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")


def keys_from(config: Mapping) -> tuple[str, ...]:
    """The keys in force: TOTP_KEY (comma-separated for rotation), else derived from SECRET_KEY."""
    configured = tuple(k.strip() for k in (config.get("TOTP_KEY") or "").split(",") if k.strip())
    if configured:
        return configured
    if config.get("ENV_NAME") == "production":
        raise RuntimeError("CIP_TOTP_KEY is not set: production cannot read or store two-factor secrets")
    return (derived_key(config["SECRET_KEY"]),)


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def fernet(config: Mapping | None = None) -> MultiFernet:
    """The cipher for the current app's (or the given) configuration."""
    return _fernet(keys_from(current_app.config if config is None else config))


def encrypt(plain: str, config: Mapping | None = None) -> str:
    """The text encrypted under the first key."""
    return fernet(config).encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(token: str, config: Mapping | None = None) -> str:
    """The text back; a token no key opens is an error (ValueError), never returned as is."""
    try:
        return fernet(config).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as problem:
        raise ValueError("an encrypted secret could not be decrypted: wrong or missing CIP_TOTP_KEY") from problem


class EncryptedText(sa.types.TypeDecorator):
    """A text column stored encrypted: Python sees the plain value, the database only the Fernet token."""

    impl = sa.String(255)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        # SQLite enforces no VARCHAR length, and widening a column there means recreating the table, which
        # with foreign keys on would cascade-delete the rows that refer to it: the column keeps its old length.
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(64))
        return dialect.type_descriptor(sa.String(255))

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)
