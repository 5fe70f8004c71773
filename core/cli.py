"""The `flask cip ...` command group and the helpers commands share; features add their own commands."""

from __future__ import annotations

import importlib

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from core.extensions import db

cip_group = AppGroup("cip", help="Citizens in Policing tools: data, checks and background work.")


@cip_group.command("version")
def version() -> None:
    """Print the schema revision the database is at."""
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        click.echo(MigrationContext.configure(conn).get_current_revision() or "empty")


def database_has_data() -> bool:
    """Whether any user or district already exists."""
    from core.models import District, User

    return any(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, District))


def delete_all_rows() -> None:
    """Empty every table (children first), keeping the schema and its migration version."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


class LazyCommand(click.Command):
    """A command whose code is imported only when it runs (``"package.module:command"``).

    The sample-data commands use it, so the application never imports the sample-data package.
    """

    def __init__(self, name: str, target: str, help: str):  # noqa: A002  (click's own parameter name)
        super().__init__(name, help=help, short_help=help)
        self._target = target

    def _real(self) -> click.Command:
        module, attribute = self._target.split(":")
        return getattr(importlib.import_module(module), attribute)

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return self._real().get_params(ctx)

    def invoke(self, ctx: click.Context):
        return self._real().invoke(ctx)
