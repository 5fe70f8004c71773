"""Demo rows for the messages screens: the demo Special's contact choices and an outbox with one message in
each state, so "How we contact you" and the outbox page have content without a mail server."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from core.extensions import db
from notices.outbox.models import Audience, Channel, ContactPreference, OutboxMessage, OutboxState
from notices.outbox.queueing import absolute
from volunteers.models import Volunteer


def _message(volunteer: Volunteer, at: datetime, state: OutboxState, text: str, **values) -> OutboxMessage:
    return OutboxMessage(
        volunteer_id=volunteer.id,
        audience=Audience.PERSON,
        channel=values.pop("channel", Channel.EMAIL),
        kind=values.pop("kind", "shift_changed"),
        address=values.pop("address", volunteer.email or "special@example.org"),
        subject=text,
        body=f"{text}\n\n{absolute('/scheduling/my-shifts', current_app.config)}\n\nCitizens in Policing, Essex Police",
        state=state,
        created_at=at,
        next_attempt_at=values.pop("next_attempt_at", at),
        claimed_at=at if state is not OutboxState.QUEUED else None,
        **values,
    )


def extend_demo(today: date) -> list[str]:
    """The demo Special chooses texts for call-outs and in-app only for reminders; four messages in the outbox."""
    special = db.session.scalar(sa.select(Volunteer).where(Volunteer.email == "special@example.org"))
    if special is None:
        return []
    db.session.add_all(
        [
            ContactPreference(volunteer_id=special.id, kind="callout", channel=Channel.SMS),
            ContactPreference(volunteer_id=special.id, kind="reminder", channel=Channel.APP),
        ]
    )
    morning = datetime.combine(today - timedelta(days=1), time(9, 0), tzinfo=UTC)
    db.session.add_all(
        [
            _message(special, morning, OutboxState.SENT, "Your shift on Saturday now starts at 19:00",
                     attempts=1, sent_at=morning + timedelta(seconds=4), provider_id="<demo-1@example.org>"),
            _message(special, morning + timedelta(hours=2), OutboxState.FAILED, "You got a place from the waiting list",
                     kind="waiting_list", attempts=6, address="old.address@example.invalid",
                     last_error="Gave up after 6 tries: Could not reach the mail server smtp.example.org:587"),
            _message(special, morning + timedelta(hours=3), OutboxState.CHECK, "A duty you logged was approved",
                     kind="duty_decided", attempts=1,
                     last_error="The worker stopped while sending this message: it may or may not have arrived. "
                     "Check with the person before resending it"),
            _message(special, morning + timedelta(hours=4), OutboxState.QUEUED, "A shift needs people on Friday",
                     kind="general", attempts=1, next_attempt_at=morning + timedelta(hours=5),
                     last_error="The mail server refused the message: 451 try again later"),
        ]
    )  # fmt: skip
    db.session.flush()
    return ["Messages: the demo Special's contact choices, and 4 outbox messages (sent, failed, to check, waiting)"]
