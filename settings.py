"""The settings a deployment may change: one table of CIP_ environment variables, each with its type.

`load_environment` reads them into a Flask config when the app is built (never at import), so a bad
value stops the start with a message naming the variable. docs/settings.md shows the same table.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from datetime import timedelta


class SettingError(ValueError):
    """A CIP_ variable whose value cannot be used; the message names the variable."""


# ---- parsers: text in, a typed value out (ValueError with a plain reason when the text is wrong) ----


def text(value: str) -> str:
    """Any text, surrounding blanks removed."""
    return value.strip()


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    """A whole number, optionally within bounds."""

    def parse(value: str) -> int:
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise ValueError(f"must be at least {minimum}")
        if maximum is not None and number > maximum:
            raise ValueError(f"must be at most {maximum}")
        return number

    return parse


def number(minimum: float = 0) -> Callable[[str], float]:
    """A number (decimals allowed), at least ``minimum``."""

    def parse(value: str) -> float:
        try:
            result = float(value.strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if result < minimum:
            raise ValueError(f"must be at least {minimum:g}")
        return result

    return parse


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def boolean(value: str) -> bool:
    """true/false, yes/no, on/off or 1/0."""
    word = value.strip().lower()
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
DURATION = re.compile(r"^\s*(\d+)\s*([smhdw]?)\s*$", re.IGNORECASE)


def seconds(minimum: int = 0) -> Callable[[str], int]:
    """A duration as whole seconds: `90` or `90s`, `15m`, `12h`, `14d`, `2w`."""

    def parse(value: str) -> int:
        match = DURATION.match(value)
        if not match:
            raise ValueError(f"expected a duration such as 90s, 15m, 12h or 14d, got {value!r}")
        total = int(match.group(1)) * UNITS[(match.group(2) or "s").lower()]
        if total < minimum:
            raise ValueError(f"must be at least {minimum} seconds")
        return total

    return parse


def duration(value: str) -> timedelta:
    """A duration as a timedelta (same spelling as ``seconds``), at least one second."""
    return timedelta(seconds=seconds(1)(value))


def words(value: str) -> tuple[str, ...]:
    """A list separated by commas or spaces (empty for none)."""
    return tuple(part for part in re.split(r"[\s,]+", value.strip().lower()) if part)


def choice(*options: str) -> Callable[[str], str]:
    """One of the given words."""

    def parse(value: str) -> str:
        word = value.strip().lower()
        if word not in options:
            raise ValueError(f"expected one of {', '.join(options)}, got {value!r}")
        return word

    parse.kind = "one of " + ", ".join(options)  # type: ignore[attr-defined]
    return parse


CRON_FIELDS = ("minute", "hour", "day", "month", "day_of_week")


def schedules(value: str) -> dict[str, dict]:
    """Job schedules: `job=MIN HOUR DAY MONTH WEEKDAY; ...` (crontab fields) or a JSON object.

    Only the jobs named are scheduled; each crontab is checked by APScheduler here, at start."""
    from apscheduler.triggers.cron import CronTrigger

    value = value.strip()
    if value.startswith("{"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as problem:
            raise ValueError(f"not valid JSON: {problem.msg}") from None
        if not isinstance(parsed, dict) or not all(isinstance(v, dict) for v in parsed.values()):
            raise ValueError('expected {"job": {"hour": 7, ...}, ...}')
    else:
        parsed = {}
        for entry in filter(None, (part.strip() for part in value.split(";"))):
            name, sep, cron = entry.partition("=")
            fields = cron.split()
            if not sep or not name.strip() or len(fields) != len(CRON_FIELDS):
                raise ValueError(f"expected job=MIN HOUR DAY MONTH WEEKDAY, got {entry!r}")
            parsed[name.strip()] = {k: v for k, v in zip(CRON_FIELDS, fields, strict=True) if v != "*"}
    for name, cron in parsed.items():
        try:
            CronTrigger(timezone="Europe/London", **cron)
        except (TypeError, ValueError) as problem:
            raise ValueError(f"job {name}: {problem}") from None
    return parsed


# ---- the table ----


@dataclass(frozen=True)
class Setting:
    """One CIP_ variable: where its value goes in the app's config, its type, default and meaning."""

    env: str
    keys: tuple[str, ...]
    parse: Callable[[str], object]
    default: str
    meaning: str
    also: tuple[str, ...] = ()  # older names still read when the CIP_ one is not set
    secret: bool = False


def _s(env, key, parse, default, meaning, also=(), secret=False) -> Setting:
    keys = key if isinstance(key, tuple) else (key,)
    return Setting(env, keys, parse, default, meaning, tuple(also), secret)


_RETENTION = "PRIVACY_RETENTION."
SETTINGS: tuple[Setting, ...] = (
    # the service
    _s(
        "CIP_SECRET_KEY",
        "SECRET_KEY",
        text,
        "a development-only value",
        "Signs sessions and links; production needs 32+ random characters",
        also=("SECRET_KEY",),
        secret=True,
    ),
    _s(
        "CIP_DATABASE_URL",
        "SQLALCHEMY_DATABASE_URI",
        text,
        "SQLite in instance/cip.sqlite3",
        "SQLAlchemy URL; PostgreSQL in production (postgresql+psycopg://...)",
        also=("DATABASE_URL",),
        secret=True,
    ),
    _s("CIP_FORCE_NAME", "FORCE_NAME", text, "Essex Police", "The force's name on pages and reports"),
    _s(
        "CIP_DEMO_PASSWORD",
        "DEMO_PASSWORD",
        text,
        "cip-demo-2026",
        "Password of the demo logins (development); production refuses the published one",
        secret=True,
    ),
    _s(
        "CIP_PAGE_SIZE",
        "PAGE_SIZE",
        integer(5, 1000),
        "50",
        "Rows per page on the duty lists (the volunteer list and roster show 25)",
    ),
    _s(
        "CIP_APPROVAL_WINDOW_DAYS",
        "APPROVAL_WINDOW_DAYS",
        integer(1),
        "28",
        "A duty logged more than this many days after it was done is saved with a warning (it is late for approval)",
    ),
    _s(
        "CIP_MAX_UPLOAD_BYTES",
        "MAX_CONTENT_LENGTH",
        integer(1024),
        "11534336",
        "Largest request body (uploads; a signed agreement may be 10 MB)",
    ),
    # background work
    _s(
        "CIP_EXPORT_INLINE_ROWS",
        "EXPORT_INLINE_ROWS",
        integer(0),
        "5000",
        "Exports of more rows than this are made by the background worker (with a progress page)",
    ),
    _s(
        "CIP_JOB_STALE_SECONDS",
        "JOB_STALE_SECONDS",
        seconds(30),
        "5m",
        "A running background job whose progress has not moved for this long is put back (its worker died)",
    ),
    _s(
        "CIP_WORKER_HEARTBEAT_SECONDS",
        "WORKER_HEARTBEAT_SECONDS",
        seconds(5),
        "1m",
        "/readyz answers 503 when the worker's last heartbeat is older than this",
    ),
    # proxies, logs
    _s(
        "CIP_PROXY_COUNT",
        "PROXY_COUNT",
        integer(0, 5),
        "0",
        "Trusted proxies in front of the app; 0 ignores every X-Forwarded-* and X-Request-ID header",
    ),
    _s("CIP_LOG_LEVEL", "LOG_LEVEL", choice("debug", "info", "warning", "error"), "info", "Lowest level logged"),
    _s(
        "CIP_LOG_FORMAT",
        "LOG_FORMAT",
        choice("json", "text"),
        "json in production, text otherwise",
        "JSON lines (for log shipping) or readable lines",
    ),
    # sign-in and sessions
    _s(
        "CIP_LOGIN_RATE_LIMIT",
        "LOGIN_RATE_LIMIT",
        text,
        "10 per minute",
        "Sign-in posts allowed per address by Flask-Limiter (a first, coarse limit)",
    ),
    _s(
        "CIP_APPLY_RATE_LIMIT",
        "APPLY_RATE_LIMIT",
        text,
        "10 per hour;30 per day",
        "Online applications sent per address (a family or a school shares one; no CAPTCHA)",
    ),
    _s(
        "CIP_RATELIMIT_STORAGE_URI",
        "RATELIMIT_STORAGE_URI",
        text,
        "memory://",
        "Flask-Limiter's storage (memory:// counts per process; redis://host:6379, with the redis package "
        "installed, shares it). The failure limits below are always shared, in the database",
        also=("RATELIMIT_STORAGE_URI",),
    ),
    _s(
        "CIP_LOGIN_THROTTLE_WINDOW",
        "LOGIN_THROTTLE_WINDOW_SECONDS",
        seconds(60),
        "15m",
        "How far back failed sign-ins count (kept in the database, shared by every server)",
    ),
    _s(
        "CIP_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        "LOGIN_MAX_FAILURES_PER_ACCOUNT",
        integer(1),
        "5",
        "Failures within the window that lock an account (a reset link still works and clears it)",
    ),
    _s(
        "CIP_LOGIN_MAX_FAILURES_PER_ADDRESS",
        "LOGIN_MAX_FAILURES_PER_ADDRESS",
        integer(1),
        "20",
        "Failures within the window, over any accounts, that refuse an address",
    ),
    _s(
        "CIP_SESSION_IDLE_TIMEOUT",
        "SESSION_IDLE_TIMEOUT_SECONDS",
        seconds(60),
        "30m",
        "A session unused this long is signed out",
    ),
    _s(
        "CIP_SESSION_ABSOLUTE_TIMEOUT",
        "SESSION_ABSOLUTE_TIMEOUT_SECONDS",
        seconds(300),
        "12h",
        "A session this old is signed out however busy",
    ),
    _s("CIP_REMEMBER_DURATION", "REMEMBER_COOKIE_DURATION", duration, "14d", "How long 'keep me signed in' lasts"),
    _s(
        "CIP_SECURE_COOKIES",
        ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"),
        boolean,
        "true in production, false otherwise",
        "Send cookies over HTTPS only; production refuses false",
    ),
    _s("CIP_CSRF_TIME_LIMIT", "WTF_CSRF_TIME_LIMIT", seconds(60), "8h", "How long a form stays valid"),
    _s(
        "CIP_AUTH_TOKEN_HOURS",
        "AUTH_TOKEN_HOURS",
        integer(1, 24 * 14),
        "24",
        "Hours a set-up or password-reset link works",
    ),
    _s(
        "CIP_TOTP_REQUIRED_ROLES",
        "TOTP_REQUIRED_ROLES",
        words,
        "admin, coordinator in production; none otherwise",
        "Roles that must use two-factor sign-in",
    ),
    _s(
        "CIP_TOTP_KEY",
        "TOTP_KEY",
        text,
        "derived from the secret key (not in production)",
        "Fernet key encrypting two-factor secrets at rest; production requires it. "
        "Several, comma-separated, rotate keys: the first encrypts, any decrypts",
        secret=True,
    ),
    # scheduled work and figures
    _s(
        "CIP_SCHEDULES",
        "CIP_SCHEDULES",
        schedules,
        "the built-in schedule (flask scheduler list)",
        "Job schedules, e.g. `reminders=0 7 * * *; hours_monthly=30 6 2 * *`; jobs not named are not scheduled",
    ),
    _s(
        "CIP_JOB_STALE_MINUTES",
        "CIP_JOB_STALE_MINUTES",
        number(0.01),
        "60",
        "A job claim still running after this many minutes is taken over",
    ),
    _s(
        "CIP_TARGET_SPECIALS",
        "CIP_TARGET_SPECIALS",
        integer(1),
        "600",
        "The Specials headcount goal in the recruitment report",
    ),
    # returns and agreements
    _s(
        "CIP_SMALL_NUMBER_THRESHOLD",
        "CIP_SMALL_NUMBER_THRESHOLD",
        integer(1),
        "5",
        "Figures built from equality answers show a cell only when it counts at least this many people",
    ),
    _s(
        "CIP_AGREEMENT_REMINDER_DAYS",
        "CIP_AGREEMENT_REMINDER_DAYS",
        integer(1),
        "60",
        "Coordinators are reminded of a signed ESP or CSC agreement this many days before it expires",
    ),
    # call-outs (scheduling/callouts)
    _s(
        "CIP_NOTIFY_INBOUND_TOKEN",
        "NOTIFY_INBOUND_TOKEN",
        text,
        "none (text replies refused)",
        "Bearer token GOV.UK Notify sends with inbound text messages (call-out replies such as "
        '"YES K7PM2Q"); compared in constant time',
        secret=True,
    ),
    # retention (privacy/retention.py)
    _s(
        "CIP_RETENTION_APPLICATIONS_MONTHS",
        _RETENTION + "applications_never_joined_months",
        integer(1),
        "12",
        "Months an application that never joined is kept after it closed or stalled",
    ),
    _s(
        "CIP_RETENTION_CADETS_MONTHS",
        _RETENTION + "cadets_after_leaving_months",
        integer(1),
        "24",
        "Months a cadet's record is kept after leaving",
    ),
    _s(
        "CIP_RETENTION_VOLUNTEERS_MONTHS",
        _RETENTION + "volunteers_after_leaving_months",
        integer(1),
        "72",
        "Months a volunteer's record is kept after leaving",
    ),
    _s(
        "CIP_RETENTION_LOGIN_ATTEMPTS_DAYS",
        _RETENTION + "login_attempts_days",
        integer(1),
        "30",
        "Days failed sign-in records are kept",
    ),
    _s(
        "CIP_RETENTION_AUTH_TOKENS_DAYS",
        _RETENTION + "auth_tokens_days",
        integer(1),
        "30",
        "Days used or expired set-up and reset links are kept",
    ),
    _s(
        "CIP_RETENTION_JOB_FILES_DAYS",
        _RETENTION + "job_files_days",
        integer(1),
        "30",
        "Days the files of a finished import or export (the upload and the CSV made) are kept",
    ),
    _s(
        "CIP_RETENTION_OUTBOX_DAYS",
        _RETENTION + "outbox_messages_days",
        integer(1),
        "90",
        "Days an email or text that was sent or failed is kept in the outbox",
    ),
    # messages: email and text (the outbox)
    _s(
        "CIP_BASE_URL",
        "BASE_URL",
        text,
        "http://127.0.0.1:5000",
        "The service's public address, for the links in emails and texts (never taken from a request); "
        "production needs https:// when a channel is set",
    ),
    _s("CIP_MAIL_SERVER", "MAIL_SERVER", text, "none (no email by SMTP)", "SMTP server for email"),
    _s("CIP_MAIL_PORT", "MAIL_PORT", integer(1, 65535), "25", "SMTP port"),
    _s(
        "CIP_MAIL_USE_TLS",
        "MAIL_USE_TLS",
        boolean,
        "false",
        "STARTTLS before sign-in; the server's certificate is verified",
    ),
    _s(
        "CIP_MAIL_CA_FILE",
        "MAIL_CA_FILE",
        text,
        "none (the system's trusted certificates)",
        "PEM file of the certificate authority that signed the SMTP server's certificate (a private CA)",
    ),
    _s("CIP_MAIL_USERNAME", "MAIL_USERNAME", text, "none", "SMTP user name"),
    _s("CIP_MAIL_PASSWORD", "MAIL_PASSWORD", text, "none", "SMTP password", secret=True),
    _s("CIP_MAIL_SENDER", "MAIL_DEFAULT_SENDER", text, "cip-noreply@localhost", "The From address"),
    _s(
        "CIP_NOTIFY_API_KEY",
        "NOTIFY_API_KEY",
        text,
        "none (no GOV.UK Notify)",
        "GOV.UK Notify API key; email goes by Notify when CIP_MAIL_SERVER is not set",
        secret=True,
    ),
    _s(
        "CIP_NOTIFY_EMAIL_TEMPLATE_ID",
        "NOTIFY_EMAIL_TEMPLATE_ID",
        text,
        "none",
        "Notify email template with ((subject)) and ((body)) fields",
    ),
    _s(
        "CIP_NOTIFY_SMS_TEMPLATE_ID",
        "NOTIFY_SMS_TEMPLATE_ID",
        text,
        "none (no texts)",
        "Notify text message template with a ((body)) field; texts are offered only when it is set",
    ),
    _s(
        "CIP_NOTIFY_BASE_URL",
        "NOTIFY_BASE_URL",
        text,
        "https://api.notifications.service.gov.uk",
        "Notify's API address",
    ),
    _s(
        "CIP_OUTBOX_MAX_ATTEMPTS",
        "OUTBOX_MAX_ATTEMPTS",
        integer(1, 50),
        "6",
        "Tries of a message before it is marked failed (the server could not be reached or asked to retry)",
    ),
    _s(
        "CIP_OUTBOX_RETRY_AFTER",
        "OUTBOX_RETRY_SECONDS",
        seconds(1),
        "1m",
        "Wait before the second try; each later wait doubles (at most an hour)",
    ),
    _s(
        "CIP_OUTBOX_CHECK_AFTER",
        "OUTBOX_CHECK_SECONDS",
        seconds(30),
        "10m",
        "A message still being sent after this long (its worker stopped) is marked for an admin to check; "
        "it is never resent by itself",
    ),
)

# CIP_ variables that are not app settings (they choose the config, or steer gunicorn, tests and benchmarks).
NOT_APP_SETTINGS = {
    "CIP_ENV",
    "CIP_BIND",
    "CIP_WORKERS",
    "CIP_THREADS",
    "CIP_TIMEOUT",
    "CIP_GRACEFUL_TIMEOUT",
    "CIP_FORWARDED_ALLOW_IPS",
}
NOT_APP_PREFIXES = ("CIP_STRESS", "CIP_BENCH")
BY_ENV = {setting.env: setting for setting in SETTINGS}


def _store(config: MutableMapping, key: str, value: object) -> None:
    if key.startswith(_RETENTION):
        config[_RETENTION[:-1]] = {**(config.get(_RETENTION[:-1]) or {}), key[len(_RETENTION) :]: value}
    else:
        config[key] = value


def load_environment(config: MutableMapping, environ: Mapping[str, str]) -> list[str]:
    """Parse every set CIP_ variable into ``config``; returns the names read. SettingError names a bad one."""
    read = []
    for setting in SETTINGS:
        name = next((n for n in (setting.env, *setting.also) if environ.get(n, "") != ""), None)
        if name is None:
            continue
        try:
            value = setting.parse(environ[name])
        except ValueError as problem:
            raise SettingError(f"{name}: {problem}") from None
        for key in setting.keys:
            _store(config, key, value)
        read.append(name)
    return read


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """CIP_ variables that no setting reads (most likely misspelt)."""
    return sorted(
        name
        for name in environ
        if name.startswith("CIP_")
        and name not in BY_ENV
        and name not in NOT_APP_SETTINGS
        and not name.startswith(NOT_APP_PREFIXES)
    )


def markdown_table() -> str:
    """The settings as the Markdown table in docs/settings.md."""
    lines = ["| variable | type | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        also = f" (or `{'`, `'.join(s.also)}`)" if s.also else ""
        lines.append(f"| `{s.env}`{also} | {_type_name(s.parse)} | {s.default} | {s.meaning} |")
    return "\n".join(lines)


def _type_name(parse: Callable) -> str:
    if hasattr(parse, "kind"):
        return parse.kind
    name = getattr(parse, "__qualname__", "").split(".")[0]
    return {
        "text": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
        "seconds": "duration",
        "duration": "duration",
        "words": "list",
        "schedules": "schedules",
    }.get(name, name)
