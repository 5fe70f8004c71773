"""Commands that load sample data: `flask seed-demo` and `flask cip generate` (registered lazily)."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from core.cli import database_has_data, delete_all_rows
from core.dates import today


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Delete every row in the database first, then load the demo data.")
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when the database holds data.")
@with_appcontext
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
    from sampledata.demo import seed

    for line in seed.seed_demo(password=current_app.config["DEMO_PASSWORD"]):
        click.echo(line)


@click.command("generate")
@click.option("--scale", "scale_name", type=click.Choice(["county", "national"]), default="county", show_default=True)
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed: the same seed, the same data.")
@with_appcontext
def generate(scale_name: str, seed: int) -> None:
    """Fill the (migrated, empty) database at DATABASE_URL with realistic data at county or national scale."""
    from sampledata.generate.run import generate as run
    from sampledata.generate.run import total_steps
    from sampledata.generate.scale import SCALES

    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Generated data is never loaded in production.")
    if database_has_data():
        raise click.ClickException("The database already holds data: generate into an empty, migrated database.")
    scale = SCALES[scale_name]
    started = time.perf_counter()
    with click.progressbar(length=total_steps(scale), label=f"Generating {scale_name} data", show_eta=True) as bar:
        summary = run(scale, seed, today(), current_app.config["DEMO_PASSWORD"], bar.update)
    for line in summary:
        click.echo(line)
    click.echo(f"Generated in {time.perf_counter() - started:.1f} s")
