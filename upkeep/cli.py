"""The `flask cip check` command."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from upkeep.check import all_differences

SHOWN = 20  # differences printed per kind; the count says how many there are


@click.command("check")
@with_appcontext
def check_command() -> None:
    """Verify the hours ledger against the duties, the dated history against the records and the data
    versions' stamps; print what differs and exit 1 if anything does."""
    problems = 0
    for kind, found in all_differences().items():
        click.echo(f"{kind}: {'no difference' if not found else f'{len(found)} differences'}")
        for line in found[:SHOWN]:
            click.echo(f"  {line}")
        if len(found) > SHOWN:
            click.echo(f"  ... and {len(found) - SHOWN} more")
        problems += len(found)
    if problems:
        raise click.exceptions.Exit(1)
