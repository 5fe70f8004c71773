"""`flask auth rotate-totp-key`: re-encrypt every two-factor secret under the first CIP_TOTP_KEY."""

from __future__ import annotations

import click
import sqlalchemy as sa

from core.auth import bp
from core.encrypted import fernet
from core.extensions import db
from core.models import User


def rotate_totp_secrets() -> int:
    """Re-encrypt each stored two-factor secret under the first key in force; returns how many."""
    raw = sa.type_coerce(User.totp_secret, sa.String)  # the stored token, not the decrypted value
    cipher = fernet()
    rows = db.session.execute(sa.select(User.id, raw).where(raw.is_not(None))).all()
    for user_id, token in rows:
        db.session.execute(
            sa.update(User)
            .where(User.id == user_id)
            .values({raw: cipher.rotate(token.encode("ascii")).decode("ascii")})
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    return len(rows)


@bp.cli.command("rotate-totp-key")
def rotate_totp_key() -> None:
    """After putting a new key first in CIP_TOTP_KEY (old ones after it): re-encrypt, then drop the old keys."""
    count = rotate_totp_secrets()
    click.echo(f"{count} two-factor secrets re-encrypted under the first CIP_TOTP_KEY; the others may now go.")
