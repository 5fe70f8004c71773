"""`flask privacy retention [--dry-run]`: the retention schedule from the command line or a scheduler."""

from __future__ import annotations

import click

from privacy import bp


@bp.cli.command("retention")
@click.option("--dry-run", is_flag=True, help="Report what would change without changing anything.")
def retention_command(dry_run: bool) -> None:
    """Apply the retention schedule (anonymise or remove records past their period)."""
    from privacy.services import apply_retention

    report = apply_retention(dry_run=dry_run)
    for line in report.lines():
        click.echo(line)
