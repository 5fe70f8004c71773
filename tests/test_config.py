"""Settings: CIP_ variables read with their types when the app is built; production refuses unsafe values."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

import settings
from config import DEMO_PASSWORD_DEFAULT, DevelopmentConfig, ProductionConfig, TestingConfig
from core.factory import create_app
from settings import SettingError, load_environment

TOTP_KEY = "nUwXmbDCW5pX0fx2gFNCjdhJBqGJ3tWZzgKq3SxOyxk="
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No CIP_ or older variable from the shell running the tests."""
    import os

    for name in list(os.environ):
        if name.startswith("CIP_") or name in {"SECRET_KEY", "DATABASE_URL", "RATELIMIT_STORAGE_URI"}:
            monkeypatch.delenv(name)


@pytest.fixture
def production_env(monkeypatch):
    monkeypatch.setenv("CIP_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CIP_DATABASE_URL", "postgresql+psycopg://x@127.0.0.1/x")
    monkeypatch.setenv("CIP_TOTP_KEY", TOTP_KEY)


def _dev_app(monkeypatch, tmp_path, **variables):
    monkeypatch.setenv("CIP_DATABASE_URL", f"sqlite:///{tmp_path / 'cip.sqlite3'}")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return create_app(DevelopmentConfig)


# ---- typed parsing ----


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90", 90), ("90s", 90), ("15m", 900), ("12h", 43200), ("14d", 1209600), ("2w", 1209600), (" 3 M ", 180)],
)
def test_durations(text, expected):
    assert settings.seconds()(text) == expected


@pytest.mark.parametrize("text", ["", "ten minutes", "15 minutes", "-5m", "1.5h", "15x"])
def test_bad_durations_are_refused(text):
    with pytest.raises(ValueError, match="duration"):
        settings.seconds()(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("true", True), ("YES", True), ("1", True), ("off", False), ("0", False)]
)
def test_booleans(text, expected):
    assert settings.boolean(text) is expected


def test_lists_and_bounds():
    assert settings.words("admin, coordinator supervisor") == ("admin", "coordinator", "supervisor")
    assert settings.words("") == ()
    with pytest.raises(ValueError, match="at least 0"):
        settings.integer(0)("-1")
    with pytest.raises(ValueError, match="whole number"):
        settings.integer()("2.5")


def test_schedules_in_crontab_spelling_and_json():
    parsed = settings.schedules("reminders=0 7 * * *; hours_monthly=30 6 2 * *")
    assert parsed == {
        "reminders": {"minute": "0", "hour": "7"},
        "hours_monthly": {"minute": "30", "hour": "6", "day": "2"},
    }
    assert settings.schedules('{"reminders": {"hour": 8, "minute": 5}}') == {"reminders": {"hour": 8, "minute": 5}}
    for bad in ("reminders=0 7 * *", "reminders=0 25 * * *", "0 7 * * *", '{"reminders": 7}'):
        with pytest.raises(ValueError):
            settings.schedules(bad)


def test_a_bad_value_names_its_variable():
    with pytest.raises(SettingError, match="CIP_SESSION_IDLE_TIMEOUT"):
        load_environment({}, {"CIP_SESSION_IDLE_TIMEOUT": "half an hour"})
    with pytest.raises(SettingError, match="CIP_PROXY_COUNT: must be at least 0"):
        load_environment({}, {"CIP_PROXY_COUNT": "-1"})
    with pytest.raises(SettingError, match="CIP_APPROVAL_WINDOW_DAYS: must be at least 1"):
        load_environment({}, {"CIP_APPROVAL_WINDOW_DAYS": "0"})
    with pytest.raises(SettingError, match="CIP_SMALL_NUMBER_THRESHOLD: must be at least 1"):
        load_environment({}, {"CIP_SMALL_NUMBER_THRESHOLD": "0"})


def test_cip_names_win_over_the_older_ones():
    config: dict = {}
    load_environment(config, {"DATABASE_URL": "sqlite:///old", "SECRET_KEY": "old"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///old" and config["SECRET_KEY"] == "old"
    load_environment(config, {"DATABASE_URL": "sqlite:///old", "CIP_DATABASE_URL": "sqlite:///new"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///new"


# ---- the app reads them ----


def test_the_app_reads_typed_settings(monkeypatch, tmp_path):
    app = _dev_app(
        monkeypatch,
        tmp_path,
        CIP_PAGE_SIZE="20",
        CIP_APPROVAL_WINDOW_DAYS="14",
        CIP_SMALL_NUMBER_THRESHOLD="10",
        CIP_SESSION_IDLE_TIMEOUT="10m",
        CIP_SESSION_ABSOLUTE_TIMEOUT="8h",
        CIP_REMEMBER_DURATION="7d",
        CIP_LOGIN_MAX_FAILURES_PER_ADDRESS="12",
        CIP_TOTP_REQUIRED_ROLES="admin,coordinator",
        CIP_RETENTION_CADETS_MONTHS="36",
        CIP_MAIL_SERVER="smtp.example.org",
        CIP_MAIL_PORT="587",
        CIP_MAIL_USE_TLS="yes",
        CIP_MAIL_SENDER="cip@example.org",
        CIP_MAIL_CA_FILE="/etc/cip/mail-ca.pem",
        CIP_MAIL_USERNAME="cip",
        CIP_MAIL_PASSWORD="mail-secret",
        CIP_BASE_URL="https://cip.example.org",
        CIP_NOTIFY_API_KEY="key",
        CIP_NOTIFY_EMAIL_TEMPLATE_ID="e-template",
        CIP_NOTIFY_SMS_TEMPLATE_ID="s-template",
        CIP_NOTIFY_BASE_URL="http://127.0.0.1:9",
        CIP_OUTBOX_MAX_ATTEMPTS="3",
        CIP_OUTBOX_RETRY_AFTER="30s",
        CIP_OUTBOX_CHECK_AFTER="5m",
        CIP_RATELIMIT_STORAGE_URI="memory://",
        CIP_PROXY_COUNT="1",
        CIP_LOG_FORMAT="json",
    )
    config = app.config
    assert config["PAGE_SIZE"] == 20
    assert config["APPROVAL_WINDOW_DAYS"] == 14
    assert config["CIP_SMALL_NUMBER_THRESHOLD"] == 10
    assert config["SESSION_IDLE_TIMEOUT_SECONDS"] == 600 and config["SESSION_ABSOLUTE_TIMEOUT_SECONDS"] == 28800
    assert config["REMEMBER_COOKIE_DURATION"] == timedelta(days=7)
    assert config["LOGIN_MAX_FAILURES_PER_ADDRESS"] == 12
    assert config["TOTP_REQUIRED_ROLES"] == ("admin", "coordinator")
    assert config["PRIVACY_RETENTION"] == {"cadets_after_leaving_months": 36}
    assert (config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USE_TLS"]) == ("smtp.example.org", 587, True)
    assert config["MAIL_DEFAULT_SENDER"] == "cip@example.org"
    assert (config["MAIL_CA_FILE"], config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == (
        "/etc/cip/mail-ca.pem",
        "cip",
        "mail-secret",
    )
    assert config["BASE_URL"] == "https://cip.example.org"
    assert (config["NOTIFY_API_KEY"], config["NOTIFY_EMAIL_TEMPLATE_ID"], config["NOTIFY_SMS_TEMPLATE_ID"]) == (
        "key",
        "e-template",
        "s-template",
    )
    assert config["NOTIFY_BASE_URL"] == "http://127.0.0.1:9"
    assert (config["OUTBOX_MAX_ATTEMPTS"], config["OUTBOX_RETRY_SECONDS"], config["OUTBOX_CHECK_SECONDS"]) == (
        3,
        30,
        300,
    )
    assert config["PROXY_COUNT"] == 1 and config["LOG_FORMAT"] == "json"
    with app.app_context():
        from core.auth import sessions
        from privacy.retention import schedule

        assert sessions._limits() == (600, 28800)
        assert schedule()["cadets_after_leaving_months"] == 36
        assert schedule()["volunteers_after_leaving_months"] == 72  # the others keep their defaults


def test_scheduler_list_shows_the_configured_schedules(monkeypatch, tmp_path):
    app = _dev_app(monkeypatch, tmp_path, CIP_SCHEDULES="reminders=5 8 * * *")
    output = app.test_cli_runner().invoke(args=["scheduler", "list"]).output
    assert "reminders: Reminders; {'minute': '5', 'hour': '8'}" in output
    assert "hours_monthly: Hours (monthly); not scheduled" in output
    default = _dev_app(monkeypatch, tmp_path, CIP_SCHEDULES="")
    assert (
        "reminders: Reminders; {'hour': 7, 'minute': 0}"
        in default.test_cli_runner().invoke(args=["scheduler", "list"]).output
    )


def test_a_bad_setting_stops_the_start(monkeypatch, tmp_path):
    with pytest.raises(RuntimeError, match="CIP_MAIL_PORT"):
        _dev_app(monkeypatch, tmp_path, CIP_MAIL_PORT="smtp")
    with pytest.raises(RuntimeError, match="unknown roles: supervsor"):
        _dev_app(monkeypatch, tmp_path, CIP_MAIL_PORT="25", CIP_TOTP_REQUIRED_ROLES="admin supervsor")


def test_a_misspelt_variable_is_logged(monkeypatch, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="cip.config"):
        _dev_app(monkeypatch, tmp_path, CIP_PAGESIZE="20")
    assert "CIP_PAGESIZE is set but no setting reads it" in caplog.text


def test_the_test_configuration_reads_no_variable(monkeypatch):
    monkeypatch.setenv("CIP_PAGE_SIZE", "7")
    monkeypatch.setenv("CIP_SECRET_KEY", "x" * 40)
    app = create_app(type("T", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    assert app.config["PAGE_SIZE"] == 50 and app.config["SECRET_KEY"] == TestingConfig.SECRET_KEY


# ---- production refuses unsafe values ----


def test_production_refuses_missing_secret(monkeypatch, production_env):
    monkeypatch.delenv("CIP_SECRET_KEY")
    with pytest.raises(RuntimeError, match="CIP_SECRET_KEY"):
        create_app(ProductionConfig)


def test_production_refuses_a_short_secret(monkeypatch, production_env):
    monkeypatch.setenv("CIP_SECRET_KEY", "s" * 31)
    with pytest.raises(RuntimeError, match="at least 32"):
        create_app(ProductionConfig)


def test_production_refuses_demo_password(monkeypatch, production_env):
    monkeypatch.setenv("CIP_DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
    with pytest.raises(RuntimeError, match="demo password"):
        create_app(ProductionConfig)


def test_production_refuses_insecure_cookies(monkeypatch, production_env):
    monkeypatch.setenv("CIP_SECURE_COOKIES", "false")
    with pytest.raises(RuntimeError, match="CIP_SECURE_COOKIES"):
        create_app(ProductionConfig)


def test_production_refuses_a_negative_proxy_count(monkeypatch, production_env):
    monkeypatch.setenv("CIP_PROXY_COUNT", "-1")
    with pytest.raises(RuntimeError, match="CIP_PROXY_COUNT"):
        create_app(ProductionConfig)


def test_production_needs_an_https_base_url_for_messages(monkeypatch, production_env):
    monkeypatch.setenv("CIP_MAIL_SERVER", "smtp.example.org")
    with pytest.raises(RuntimeError, match="CIP_BASE_URL"):
        create_app(ProductionConfig)
    monkeypatch.setenv("CIP_BASE_URL", "https://cip.example.org")
    assert create_app(ProductionConfig).config["BASE_URL"] == "https://cip.example.org"
    monkeypatch.setenv("CIP_MAIL_USERNAME", "cip")
    with pytest.raises(RuntimeError, match="CIP_MAIL_USE_TLS must be true"):
        create_app(ProductionConfig)


def test_production_needs_a_totp_key_and_a_database(monkeypatch, production_env):
    monkeypatch.setenv("CIP_TOTP_KEY", "not a fernet key")
    monkeypatch.delenv("CIP_DATABASE_URL")
    with pytest.raises(RuntimeError) as refused:
        create_app(ProductionConfig)
    assert "CIP_TOTP_KEY" in str(refused.value) and "CIP_DATABASE_URL" in str(refused.value)


def test_production_starts_with_real_settings(monkeypatch, production_env):
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["LOG_FORMAT"] == "json" and app.config["PROXY_COUNT"] == 0


def test_production_reads_the_older_names_too(monkeypatch, production_env):
    monkeypatch.delenv("CIP_SECRET_KEY")
    monkeypatch.delenv("CIP_DATABASE_URL")
    monkeypatch.setenv("SECRET_KEY", "t" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://y@127.0.0.1/y")
    app = create_app(ProductionConfig)
    assert app.config["SECRET_KEY"] == "t" * 40
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://y@127.0.0.1/y"


# ---- the documentation tells the truth ----


def test_docs_list_every_setting():
    assert settings.markdown_table() in (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")


def test_documented_defaults_are_the_defaults():
    """Hand-written: where each default really lives, against what docs/settings.md says."""
    from core.auth import sessions, throttle, tokens  # noqa: F401
    from equality.suppression import DEFAULT_THRESHOLD
    from privacy.retention import DEFAULT_RETENTION
    from scheduling.jobs.runner import DEFAULT_STALE_MINUTES
    from scheduling.reports.pipeline import DEFAULT_TARGET
    from schemes.agreements.services import DEFAULT_REMINDER_DAYS

    actual = {
        "CIP_FORCE_NAME": DevelopmentConfig.FORCE_NAME,
        "CIP_DEMO_PASSWORD": DevelopmentConfig.DEMO_PASSWORD,
        "CIP_PAGE_SIZE": DevelopmentConfig.PAGE_SIZE,
        "CIP_APPROVAL_WINDOW_DAYS": DevelopmentConfig.APPROVAL_WINDOW_DAYS,
        "CIP_MAX_UPLOAD_BYTES": DevelopmentConfig.MAX_CONTENT_LENGTH,
        "CIP_PROXY_COUNT": DevelopmentConfig.PROXY_COUNT,
        "CIP_LOG_LEVEL": DevelopmentConfig.LOG_LEVEL,
        "CIP_LOGIN_RATE_LIMIT": DevelopmentConfig.LOGIN_RATE_LIMIT,
        "CIP_APPLY_RATE_LIMIT": DevelopmentConfig.APPLY_RATE_LIMIT,
        "CIP_RATELIMIT_STORAGE_URI": DevelopmentConfig.RATELIMIT_STORAGE_URI,
        "CIP_LOGIN_THROTTLE_WINDOW": throttle.DEFAULTS["LOGIN_THROTTLE_WINDOW_SECONDS"],
        "CIP_LOGIN_MAX_FAILURES_PER_ACCOUNT": throttle.DEFAULTS["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        "CIP_LOGIN_MAX_FAILURES_PER_ADDRESS": throttle.DEFAULTS["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        "CIP_SESSION_IDLE_TIMEOUT": sessions.DEFAULT_IDLE_SECONDS,
        "CIP_SESSION_ABSOLUTE_TIMEOUT": sessions.DEFAULT_ABSOLUTE_SECONDS,
        "CIP_REMEMBER_DURATION": DevelopmentConfig.REMEMBER_COOKIE_DURATION,
        "CIP_CSRF_TIME_LIMIT": DevelopmentConfig.WTF_CSRF_TIME_LIMIT,
        "CIP_AUTH_TOKEN_HOURS": 24,
        "CIP_JOB_STALE_MINUTES": DEFAULT_STALE_MINUTES,
        "CIP_TARGET_SPECIALS": DEFAULT_TARGET,
        "CIP_SMALL_NUMBER_THRESHOLD": DEFAULT_THRESHOLD,
        "CIP_AGREEMENT_REMINDER_DAYS": DEFAULT_REMINDER_DAYS,
        "CIP_RETENTION_APPLICATIONS_MONTHS": DEFAULT_RETENTION["applications_never_joined_months"],
        "CIP_RETENTION_CADETS_MONTHS": DEFAULT_RETENTION["cadets_after_leaving_months"],
        "CIP_RETENTION_VOLUNTEERS_MONTHS": DEFAULT_RETENTION["volunteers_after_leaving_months"],
        "CIP_RETENTION_LOGIN_ATTEMPTS_DAYS": DEFAULT_RETENTION["login_attempts_days"],
        "CIP_RETENTION_AUTH_TOKENS_DAYS": DEFAULT_RETENTION["auth_tokens_days"],
        "CIP_RETENTION_JOB_FILES_DAYS": DEFAULT_RETENTION["job_files_days"],
        "CIP_RETENTION_OUTBOX_DAYS": DEFAULT_RETENTION["outbox_messages_days"],
        "CIP_MAIL_PORT": DevelopmentConfig.MAIL_PORT,
        "CIP_MAIL_USE_TLS": DevelopmentConfig.MAIL_USE_TLS,
        "CIP_MAIL_SENDER": DevelopmentConfig.MAIL_DEFAULT_SENDER,
        "CIP_BASE_URL": DevelopmentConfig.BASE_URL,
        "CIP_NOTIFY_BASE_URL": DevelopmentConfig.NOTIFY_BASE_URL,
        "CIP_OUTBOX_MAX_ATTEMPTS": DevelopmentConfig.OUTBOX_MAX_ATTEMPTS,
        "CIP_OUTBOX_RETRY_AFTER": DevelopmentConfig.OUTBOX_RETRY_SECONDS,
        "CIP_OUTBOX_CHECK_AFTER": DevelopmentConfig.OUTBOX_CHECK_SECONDS,
    }
    for name, value in actual.items():
        setting = settings.BY_ENV[name]
        assert setting.parse(setting.default) == value, name


def test_the_notify_inbound_token_is_read_and_secret(monkeypatch):
    config: dict = {}
    load_environment(config, {"CIP_NOTIFY_INBOUND_TOKEN": "t" * 40})
    assert config["NOTIFY_INBOUND_TOKEN"] == "t" * 40
    assert settings.BY_ENV["CIP_NOTIFY_INBOUND_TOKEN"].secret
