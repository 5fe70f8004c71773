"""Configuration read from the environment: Development, Testing and Production."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEMO_PASSWORD_DEFAULT = "cip-demo-2026"  # noqa: S105  (published demo password; production refuses it)


def _sqlite_default() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'cip.sqlite3'}"


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_default()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False
    FORCE_NAME = os.environ.get("CIP_FORCE_NAME", "Essex Police")
    SERVICE_NAME = "Citizens in Policing"
    TIMEZONE = "Europe/London"
    DEMO_PASSWORD = os.environ.get("CIP_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
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
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("CIP_LOGIN_RATE_LIMIT", "10 per minute")
    REPORTS_DIR = os.environ.get("CIP_REPORTS_DIR", str(INSTANCE_DIR / "reports"))
    PAGE_SIZE = 50
    ENV_NAME = "base"


class DevelopmentConfig(Config):
    """Local development: `make run` on the embedded SQLite database."""

    ENV_NAME = "development"
    DEBUG = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(Config):
    """The test suite: a database URL from the environment or a temporary SQLite file."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    RATELIMIT_ENABLED = True
    DEMO_PASSWORD = DEMO_PASSWORD_DEFAULT


class ProductionConfig(Config):
    """Production: refuses to start without a real secret or with the demo password."""

    ENV_NAME = "production"
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def validate(cls) -> None:
        """Refuse unsafe production settings."""
        secret = os.environ.get("SECRET_KEY", "")
        if len(secret) < 32 or secret == Config.SECRET_KEY:
            raise RuntimeError("ProductionConfig needs SECRET_KEY set to at least 32 random characters.")
        if os.environ.get("CIP_DEMO_PASSWORD") == DEMO_PASSWORD_DEFAULT:
            raise RuntimeError("ProductionConfig refuses the published demo password.")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("ProductionConfig needs DATABASE_URL (PostgreSQL).")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    """Pick the configuration class named by CIP_ENV (development by default)."""
    return CONFIGS[os.environ.get("CIP_ENV", "development")]
