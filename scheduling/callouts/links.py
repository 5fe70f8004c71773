"""One-tap links and text codes: a random secret in the link, only its keyed hash stored; a short code to text."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a phone and typed back
CODE_LENGTH = 6
ANSWER_PATH = "/scheduling/callouts/answer/"


def new_secret() -> str:
    """A fresh link secret (192 random bits)."""
    return secrets.token_urlsafe(24)


def link_hash(raw: str) -> str:
    """The stored form of a link secret: HMAC-SHA256 under the app's secret key, so only this service can make one."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(key, raw.encode("utf-8"), hashlib.sha256).hexdigest()


def new_code() -> str:
    """A short code the person texts back ("YES K7PM2Q")."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def answer_link(raw: str) -> str:
    """The one-tap link a call-out message carries."""
    return ANSWER_PATH + raw
