"""The base of every factory: records go into the app's db.session and are flushed, not committed."""

from __future__ import annotations

from factory.alchemy import SQLAlchemyModelFactory

from core.auth.passwords import hash_password
from core.extensions import db

PASSWORD = "correct horse battery"
PASSWORD_HASH = hash_password(PASSWORD)


class Base(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"
