"""The `flask cip ...` command group."""

import click
from flask.cli import AppGroup

cip_group = AppGroup("cip", help="Citizens in Policing data tools.")


@cip_group.command("version")
def version() -> None:
    """Print the schema revision the database is at."""
    from alembic.migration import MigrationContext

    from core.extensions import db

    with db.engine.connect() as conn:
        click.echo(MigrationContext.configure(conn).get_current_revision() or "empty")
