"""Configuration: Development, Testing and Production defaults, then the CIP_ variables (settings.py).

The environment is read when an app is built (`configure`), never at import, and production refuses
unsafe values with every problem named.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from settings import SettingError, load_environment, unknown_variables

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEMO_PASSWORD_DEFAULT = "cip-demo-2026"  # noqa: S105  (published demo password; production refuses it)
DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105  (development only; production refuses it)
MIN_SECRET_LENGTH = 32
log = logging.getLogger("cip.config")


def _sqlite_default() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'cip.sqlite3'}"


class Config:
    """Settings shared by every environment (the defaults docs/settings.md lists)."""

    READS_ENVIRONMENT = True
    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI: str | None = _sqlite_default()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    FORCE_NAME = "Essex Police"
    SERVICE_NAME = "Citizens in Policing"
    TIMEZONE = "Europe/London"
    DEMO_PASSWORD: str | None = DEMO_PASSWORD_DEFAULT
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    APPLY_RATE_LIMIT = "10 per hour;30 per day"
    PAGE_SIZE = 50
    APPROVAL_WINDOW_DAYS = 28
    PROXY_COUNT = 0
    LOG_LEVEL = "info"
    LOG_FORMAT = "text"
    TOTP_KEY: str | None = None
    BASE_URL = "http://127.0.0.1:5000"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_DEFAULT_SENDER = "cip-noreply@localhost"
    NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
    OUTBOX_MAX_ATTEMPTS = 6
    OUTBOX_RETRY_SECONDS = 60
    OUTBOX_CHECK_SECONDS = 600
    ENV_NAME = "base"


class DevelopmentConfig(Config):
    """Local development: `make run` on the embedded SQLite database."""

    ENV_NAME = "development"
    DEBUG = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(Config):
    """The test suite: a database URL from TEST_DATABASE_URL or a temporary SQLite file.

    It reads no CIP_ variable, so a developer's shell cannot change what the tests see."""

    READS_ENVIRONMENT = False
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_ENABLED = True
    DEMO_PASSWORD = DEMO_PASSWORD_DEFAULT


class ProductionConfig(Config):
    """Production: JSON logs, HTTPS URLs, and a refusal to start on unsafe settings."""

    ENV_NAME = "production"
    PREFERRED_URL_SCHEME = "https"
    LOG_FORMAT = "json"
    SQLALCHEMY_DATABASE_URI = None
    DEMO_PASSWORD = None

    @staticmethod
    def problems(config: Mapping) -> list[str]:
        """Every unsafe production value, each naming the variable to set."""
        found = []
        secret = config.get("SECRET_KEY") or ""
        if len(secret) < MIN_SECRET_LENGTH or secret in (DEV_SECRET_KEY, TestingConfig.SECRET_KEY):
            found.append(f"CIP_SECRET_KEY (or SECRET_KEY) must be at least {MIN_SECRET_LENGTH} random characters")
        if config.get("DEMO_PASSWORD") == DEMO_PASSWORD_DEFAULT:
            found.append("CIP_DEMO_PASSWORD is the published demo password")
        if not config.get("SQLALCHEMY_DATABASE_URI"):
            found.append("CIP_DATABASE_URL (or DATABASE_URL) must name the PostgreSQL database")
        if not (config.get("SESSION_COOKIE_SECURE") and config.get("REMEMBER_COOKIE_SECURE")):
            found.append("CIP_SECURE_COOKIES cannot be false: cookies must travel over HTTPS only")
        if not (config.get("SESSION_COOKIE_HTTPONLY") and config.get("REMEMBER_COOKIE_HTTPONLY")):
            found.append("session cookies must be HttpOnly")
        if not isinstance(config.get("PROXY_COUNT"), int) or config["PROXY_COUNT"] < 0:
            found.append("CIP_PROXY_COUNT must be 0 or more")
        if (config.get("MAIL_SERVER") or config.get("NOTIFY_API_KEY")) and not str(
            config.get("BASE_URL") or ""
        ).startswith("https://"):
            found.append("CIP_BASE_URL must be the service's https:// address when email or texts are sent")
        if not _valid_fernet_key(config.get("TOTP_KEY")):
            found.append("CIP_TOTP_KEY must be a Fernet key (Fernet.generate_key()) to encrypt two-factor secrets")
        return found

    @classmethod
    def validate(cls, config: Mapping) -> None:
        """Refuse to start with unsafe production settings."""
        found = cls.problems(config)
        if found:
            raise RuntimeError("ProductionConfig refuses unsafe settings: " + "; ".join(found))


def _valid_fernet_key(key: str | None) -> bool:
    """One Fernet key, or several separated by commas (rotation: the first encrypts)."""
    keys = [k.strip() for k in (key or "").split(",") if k.strip()]
    if not keys:
        return False
    from cryptography.fernet import Fernet

    try:
        for one in keys:
            Fernet(one)
    except ValueError:
        return False
    return True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by CIP_ENV (development by default)."""
    name = os.environ.get("CIP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"CIP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def configure(config, config_class: type[Config], environ: Mapping[str, str] | None = None) -> None:
    """Fill a Flask config: the class's defaults, then the CIP_ variables, then production's checks."""
    config.from_object(config_class)
    if config_class.READS_ENVIRONMENT:
        environ = os.environ if environ is None else environ
        try:
            load_environment(config, environ)
        except SettingError as problem:
            raise RuntimeError(f"A setting cannot be used: {problem}") from None
        for name in unknown_variables(environ):
            log.warning("%s is set but no setting reads it (misspelt?); see docs/settings.md", name)
    if issubclass(config_class, ProductionConfig):
        config_class.validate(config)
