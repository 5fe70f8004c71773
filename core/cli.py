"""Command-line tasks: demo data and accounts."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask, current_app

from core.extensions import db


def database_has_data() -> bool:
    """Whether any volunteer, user or district already exists."""
    from core.models import District, User

    return any(db.session.scalar(sa.select(sa.func.count()).select_from(model)) for model in (User, District))


def delete_all_rows() -> None:
    """Empty every table (children first), keeping the schema and its migration version."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def register_commands(app: Flask) -> None:
    """Attach the CLI commands to the app."""
    from core.generate.cli import cip_group

    app.cli.add_command(cip_group)

    @app.cli.command("seed-demo")
    @click.option("--force", is_flag=True, help="Delete every row in the database first, then load the demo data.")
    @click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when the database holds data.")
    def seed_demo(force: bool, if_empty: bool) -> None:
        """Fill the database with the Essex-shaped demo data set and the demo logins."""
        if current_app.config.get("ENV_NAME") == "production":
            raise click.ClickException("Demo data is never loaded in production.")
        if database_has_data() and not force:
            if if_empty:
                click.echo("Database already holds data: demo data not loaded.")
                return
            raise click.ClickException(
                "The database already holds data. Use --force to delete everything in it and load the demo data."
            )
        if force:
            delete_all_rows()
        from core.demo import seed

        summary = seed.seed_demo(password=current_app.config["DEMO_PASSWORD"])
        for line in summary:
            click.echo(line)

    @app.cli.command("create-user")
    @click.argument("email")
    @click.argument("role")
    @click.option("--name", default=None)
    @click.password_option()
    def create_user(email: str, role: str, name: str | None, password: str) -> None:
        """Create an admin or coordinator account."""
        from core.admin.services import UserInputError
        from core.admin.services import create_user as make

        try:
            user = make(email=email, display_name=name or email, role=role, password=password)
        except UserInputError as problem:
            raise click.ClickException(str(problem)) from problem
        db.session.commit()
        click.echo(f"Created {user.role.value} {user.email}")
