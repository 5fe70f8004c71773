"""The `flask cip ...` command group."""

import time
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

cip_group = AppGroup("cip", help="Citizens in Policing data tools.")


@cip_group.command("version")
def version() -> None:
    """Print the schema revision the database is at."""
    from alembic.migration import MigrationContext

    from core.extensions import db

    with db.engine.connect() as conn:
        click.echo(MigrationContext.configure(conn).get_current_revision() or "empty")


@cip_group.command("generate")
@click.option("--scale", "scale_name", type=click.Choice(["county", "national"]), default="county", show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed: the same seed, the same data.")
def generate(scale_name: str, seed: int) -> None:
    """Fill the (migrated, empty) database at DATABASE_URL with realistic data at county or national scale."""
    from core.cli import database_has_data
    from core.dates import LONDON
    from core.generate.run import generate as run
    from core.generate.run import total_steps
    from core.generate.scale import SCALES

    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Generated data is never loaded in production.")
    if database_has_data():
        raise click.ClickException("The database already holds data: generate into an empty, migrated database.")
    scale = SCALES[scale_name]
    started = time.perf_counter()
    with click.progressbar(length=total_steps(scale), label=f"Generating {scale_name} data", show_eta=True) as bar:
        summary = run(scale, seed, datetime.now(LONDON).date(), current_app.config["DEMO_PASSWORD"], bar.update)
    for line in summary:
        click.echo(line)
    click.echo(f"Generated in {time.perf_counter() - started:.1f} s")
