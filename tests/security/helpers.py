"""Helpers for the security tests: a production-configured app on the test database, form posts."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from config import ProductionConfig
from core.factory import create_app
from tests.factories import csrf_token_from

STRONG_SECRET = "s" * 48
TOTP_KEY = "nUwXmbDCW5pX0fx2gFNCjdhJBqGJ3tWZzgKq3SxOyxk="  # a Fernet key for the tests only


def production_app(monkeypatch, database_url: str, tmp_path, **extra) -> Flask:
    """The app under ProductionConfig (HSTS, Secure cookies, two-factor for staff) on this database."""
    monkeypatch.setenv("SECRET_KEY", STRONG_SECRET)
    monkeypatch.setenv("DATABASE_URL", database_url)
    attrs = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": STRONG_SECRET,
        "RATELIMIT_STORAGE_URI": "memory://",
        "TOTP_KEY": TOTP_KEY,
        **extra,
    }
    return create_app(type("ProdTestConfig", (ProductionConfig,), attrs))


def post_form(client: FlaskClient, url: str, data: dict, page_url: str | None = None, **kwargs):
    """GET the form page for its CSRF token, then POST the data."""
    page = client.get(page_url or url, **kwargs)
    base = kwargs.get("base_url", "")
    if base.startswith("https://"):
        # Flask-WTF checks the Referer on HTTPS (strict-origin-when-cross-origin keeps it same-origin).
        kwargs.setdefault("headers", {"Referer": f"{base}{page_url or url}"})
    return client.post(url, data={**data, "csrf_token": csrf_token_from(page.get_data(as_text=True))}, **kwargs)


def login(client: FlaskClient, email: str, password: str, remember: bool = False, **kwargs):
    """Post the sign-in form (optionally ticking 'keep me signed in')."""
    data = {"email": email, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/auth/login", data, **kwargs)
