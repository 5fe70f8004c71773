"""What the outbox page shows: the channels in force, how many messages are in each state, and a page of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from core.extensions import db
from core.paging import Paged
from notices.outbox.channels import configured
from notices.outbox.models import OutboxMessage, OutboxState

PER_PAGE = 50


def channels_in_words(config: Mapping) -> list[str]:
    """The channels configured, as sentences for the outbox page (empty when none is)."""
    providers = configured(config)
    said = []
    if providers.email == "smtp":
        tls = "STARTTLS, certificate verified" if config.get("MAIL_USE_TLS") else "no TLS"
        said.append(f"Email goes by SMTP through {config.get('MAIL_SERVER')}:{config.get('MAIL_PORT')} ({tls}).")
    elif providers.email == "notify":
        said.append("Email goes by GOV.UK Notify.")
    if providers.sms:
        said.append("Text messages go by GOV.UK Notify.")
    return said


def state_counts() -> dict[OutboxState, int]:
    """How many messages are in each state (every state listed, zero or not)."""
    stmt = sa.select(OutboxMessage.state, sa.func.count()).group_by(OutboxMessage.state)
    counted = dict(db.session.execute(stmt).all())
    return {state: int(counted.get(state, 0)) for state in OutboxState}


@dataclass
class MessagePage(Paged):
    """One page of outbox messages, newest first."""

    items: list[OutboxMessage]
    page: int
    per_page: int
    total: int


def messages_page(state: OutboxState | None, page: int) -> MessagePage:
    """The messages in a state (or all), newest first, one page of them."""
    where = [OutboxMessage.state == state] if state else []
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(*where)) or 0)
    page = max(1, min(page, -(-total // PER_PAGE) or 1))
    items = list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(*where)
            .order_by(OutboxMessage.id.desc())
            .limit(PER_PAGE)
            .offset((page - 1) * PER_PAGE)
        )
    )
    return MessagePage(items, page, PER_PAGE, total)
