"""hardening: two-factor secrets encrypted at rest (Fernet, CIP_TOTP_KEY)

Revision ID: 0016_hardening
Revises: 0012_data_versions
Create Date: 2026-12-04 17:45:00

PostgreSQL widens users.totp_secret to hold a Fernet token (SQLite enforces no length, so its column
stays as it is: recreating users there would cascade-delete recovery codes). Every stored secret is then
encrypted with the key the app uses (CIP_TOTP_KEY; in development one derived from the secret key);
downgrade decrypts them. A value that is already a Fernet token is left alone, so a re-run is harmless.
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

from core.encrypted import FERNET_PREFIX, decrypt, encrypt

revision = "0016_hardening"
down_revision = "0015_stored_files"
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _rewrite(change) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(users.c.id, users.c.totp_secret).where(users.c.totp_secret.is_not(None))).all()
    for user_id, stored in rows:
        new = change(stored)
        if new != stored:
            bind.execute(sa.update(users).where(users.c.id == user_id).values(totp_secret=new))


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("users", "totp_secret", type_=sa.String(length=255), existing_nullable=True)
    config = current_app.config
    _rewrite(lambda stored: stored if stored.startswith(FERNET_PREFIX) else encrypt(stored, config))


def downgrade():
    config = current_app.config
    _rewrite(lambda stored: decrypt(stored, config) if stored.startswith(FERNET_PREFIX) else stored)
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("users", "totp_secret", type_=sa.String(length=64), existing_nullable=True)
