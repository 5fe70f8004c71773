"""Sending the outbox, each message at most once: claim one due message (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, a conditional update under SQLite's single writer), mark it "sending" and commit, send it, then
record the outcome. A message a stopped worker left "sending" may have gone, so it is never sent again by
itself: it is marked for an admin to check, who may resend it by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from core.audit import record
from core.background.queue import worker_name
from core.db import utcnow
from core.extensions import db
from notices.outbox.channels import Channels, Outgoing, Problem
from notices.outbox.models import Channel, OutboxMessage, OutboxState

OUTBOX = OutboxMessage.__table__
LONGEST_WAIT_SECONDS = 3600


@dataclass
class Tally:
    """What one sending run did: counts by outcome, and why it stopped early (a channel down)."""

    counts: Counter = field(default_factory=Counter)
    stopped: str | None = None

    def __str__(self) -> str:
        if not self.counts:
            return "Nothing was due"
        return ", ".join(f"{n} {what}" for what, n in sorted(self.counts.items()))


def retry_wait(attempts: int, config: Mapping) -> timedelta:
    """How long to wait after a message's ``attempts``-th failed try: the first wait, doubling, at most an hour."""
    first = int(config.get("OUTBOX_RETRY_SECONDS") or 60)
    return timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), LONGEST_WAIT_SECONDS))


def mark_interrupted(config: Mapping) -> int:
    """Mark messages left "sending" longer than CIP_OUTBOX_CHECK_AFTER (their worker stopped) for an admin to
    check; they may have gone, so they are never resent by themselves. Returns how many."""
    cutoff = utcnow() - timedelta(seconds=int(config.get("OUTBOX_CHECK_SECONDS") or 600))
    marked = db.session.execute(
        OUTBOX.update()
        .where(OUTBOX.c.state == OutboxState.SENDING.value, OUTBOX.c.claimed_at < cutoff)
        .values(
            state=OutboxState.CHECK.value,
            last_error="The worker stopped while sending this message: it may or may not have arrived. "
            "Check with the person before resending it",
        )
    ).rowcount
    db.session.commit()
    return int(marked or 0)


def claim_next(channels: set[Channel], name: str) -> Outgoing | None:
    """Claim the oldest due message of these channels for this worker: marked "sending" and committed
    before anything is sent. None when nothing is due (or other workers took it all)."""
    db.session.rollback()
    is_postgres = db.engine.dialect.name == "postgresql"
    for _try in range(5):
        now = utcnow()
        pick = (
            sa.select(OUTBOX.c.id)
            .where(
                OUTBOX.c.state == OutboxState.QUEUED.value,
                OUTBOX.c.next_attempt_at <= now,
                OUTBOX.c.channel.in_([c.value for c in channels]),
            )
            .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
            .limit(1)
        )
        if is_postgres:
            pick = pick.with_for_update(skip_locked=True)
        message_id = db.session.execute(pick).scalar()
        if message_id is None:
            db.session.rollback()
            return None
        won = db.session.execute(
            OUTBOX.update()
            .where(OUTBOX.c.id == message_id, OUTBOX.c.state == OutboxState.QUEUED.value)
            .values(state=OutboxState.SENDING.value, attempts=OUTBOX.c.attempts + 1, claimed_at=now, worker=name)
            .returning(OUTBOX.c.channel, OUTBOX.c.address, OUTBOX.c.subject, OUTBOX.c.body)
        ).first()
        db.session.commit()
        if won is not None:
            return Outgoing(message_id, Channel(won.channel), won.address, won.subject, won.body)
    return None


def _finish(message_id: int, **values) -> None:
    db.session.execute(OUTBOX.update().where(OUTBOX.c.id == message_id).values(**values))
    db.session.commit()


def record_problem(message_id: int, problem: Problem, config: Mapping) -> str:
    """Record a try that did not (certainly) deliver: queued again after a wait, failed, or to be checked."""
    attempts = db.session.scalar(sa.select(OUTBOX.c.attempts).where(OUTBOX.c.id == message_id)) or 1
    if problem.outcome == "check":
        _finish(message_id, state=OutboxState.CHECK.value, last_error=problem.reason)
        return "to check"
    if problem.outcome == "retry" and attempts < int(config.get("OUTBOX_MAX_ATTEMPTS") or 6):
        _finish(
            message_id,
            state=OutboxState.QUEUED.value,
            next_attempt_at=utcnow() + retry_wait(attempts, config),
            last_error=problem.reason,
            worker=None,
        )
        return "to retry"
    reason = problem.reason if problem.outcome == "fail" else f"Gave up after {attempts} tries: {problem.reason}"
    _finish(message_id, state=OutboxState.FAILED.value, last_error=reason[:500])
    return "failed"


def send_due(limit: int | None = None, config: Mapping | None = None) -> Tally:
    """Send what is due now, one message at a time, until none is left (or ``limit`` were tried, or a
    channel is down); each outcome is recorded as it happens."""
    config = config if config is not None else current_app.config
    tally = Tally()
    channels = Channels(config)
    usable = {c for c in (Channel.EMAIL, Channel.SMS) if channels.providers.offers(c)}
    if not usable:
        return tally
    mark_interrupted(config)
    name = worker_name()
    try:
        while limit is None or sum(tally.counts.values()) < limit:
            message = claim_next(usable, name)
            if message is None:
                break
            provider = channels.provider_for(message.channel)
            try:
                provider_id = provider.send(message)  # type: ignore[union-attr]
            except Exception as error:  # noqa: BLE001  (a fault of ours: it may have gone, so never resent by itself)
                current_app.logger.exception("Outbox message %s: unexpected error while sending", message.id)
                if not isinstance(error, Problem):
                    error = Problem("check", f"Unexpected error: {error!r}", stop=True)
                problem = error
                tally.counts[record_problem(message.id, problem, config)] += 1
                if problem.stop:
                    tally.stopped = problem.reason
                    usable.discard(message.channel)
                    if not usable:
                        break
                continue
            _finish(
                message.id,
                state=OutboxState.SENT.value,
                provider_id=provider_id[:120],
                sent_at=utcnow(),
                last_error=None,
            )
            tally.counts["sent"] += 1
    finally:
        channels.close()
        db.session.rollback()
    return tally


def resend(message_id: int) -> bool:
    """Queue a failed message, or one to check, to be sent again now (an admin's decision, audited)."""
    changed = db.session.execute(
        OUTBOX.update()
        .where(OUTBOX.c.id == message_id, OUTBOX.c.state.in_([OutboxState.FAILED.value, OutboxState.CHECK.value]))
        .values(state=OutboxState.QUEUED.value, attempts=0, next_attempt_at=utcnow(), worker=None)
    ).rowcount
    if changed:
        record("outbox_resent", "outbox_message", message_id)
    return bool(changed)
