"""`flask cip outbox send`: send the messages due now, once, and exit (the worker sends continuously)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from notices.outbox.channels import configured
from notices.outbox.delivery import send_due

outbox_group = AppGroup("outbox", help="The email and text outbox.")


@outbox_group.command("send")
@click.option("--limit", type=click.IntRange(1), default=None, help="Try at most this many messages.")
def send_command(limit: int | None) -> None:
    """Send every email and text due now (each at most once), print what happened, and exit."""
    if not configured(current_app.config).any:
        click.echo("No email or text channel is configured: messages stay in-app (see docs/settings.md)")
        return
    tally = send_due(limit)
    click.echo(str(tally))
    if tally.stopped:
        click.echo(f"Stopped early: {tally.stopped}")
