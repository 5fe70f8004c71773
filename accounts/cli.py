"""`flask create-user`: an account made from the command line (the first administrator)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from accounts.services import create_user
from core.extensions import db
from core.refusals import Refusal


@click.command("create-user")
@click.argument("email")
@click.argument("role")
@click.option("--name", default=None)
@click.password_option()
@with_appcontext
def create_user_command(email: str, role: str, name: str | None, password: str) -> None:
    """Create an admin or coordinator account."""
    try:
        user = create_user(email=email, display_name=name or email, role=role, password=password)
    except Refusal as problem:
        raise click.ClickException(str(problem)) from problem
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}")
