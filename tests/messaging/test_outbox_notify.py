"""The GOV.UK Notify channel, against a local stand-in on 127.0.0.1 that answers Notify's documented send-email
and send-text requests and checks the client's signed token."""

from __future__ import annotations

import sqlalchemy as sa

import notices
from notices.outbox.delivery import send_due
from notices.outbox.models import Channel, ContactPreference, OutboxMessage, OutboxState
from tests import factories as f
from tests.notify_server import EMAIL_TEMPLATE, SMS_TEMPLATE
from tests.smtp_server import free_port


def _rows(db) -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_an_email_and_a_text_go_by_notify_and_record_its_ids(app, db, notify_server):
    app.config["BASE_URL"] = "https://cip.example.org"
    by_email = f.VolunteerFactory(email="em@example.org")
    by_text = f.VolunteerFactory(phone="07700 900 111")
    db.session.add(ContactPreference(volunteer_id=by_text.id, kind="callout", channel=Channel.SMS))
    db.session.commit()
    notices.send(
        "A shift needs two people on Friday.",
        "/scheduling/shifts/4",
        volunteer_ids=[by_email.id, by_text.id],
        kind="callout",
    )
    db.session.commit()
    assert send_due().counts == {"sent": 2}
    email, text = sorted(notify_server.received, key=lambda r: r["kind"])
    assert (email["email_address"], email["template_id"]) == ("em@example.org", EMAIL_TEMPLATE)
    assert email["personalisation"]["subject"] == "A shift needs two people on Friday."
    assert "https://cip.example.org/scheduling/shifts/4" in email["personalisation"]["body"]
    assert (text["phone_number"], text["template_id"]) == ("07700 900 111", SMS_TEMPLATE)
    assert (
        text["personalisation"]["body"]
        == "A shift needs two people on Friday. https://cip.example.org/scheduling/shifts/4"
    )
    rows = _rows(db)
    assert all(r.state is OutboxState.SENT for r in rows)
    assert {r.provider_id for r in rows} == {email["id"], text["id"]}
    assert {e["reference"] for e in notify_server.received} == {f"cip-outbox-{r.id}" for r in rows}
    assert send_due().counts == {}


def test_notify_refusing_the_key_fails_the_message_with_its_reason(app, db, notify_server):
    app.config["NOTIFY_API_KEY"] = "cip_test-26785a09-ab16-4eb0-8407-a37497a57506-00000000-0000-0000-0000-000000000000"
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Hello", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    tally = send_due()
    assert tally.counts == {"failed": 1} and tally.stopped
    [row] = _rows(db)
    assert row.state is OutboxState.FAILED and row.last_error.startswith("GOV.UK Notify answered 403")
    assert notify_server.received == []


def test_a_notify_server_error_is_retried_and_an_unreachable_notify_too(app, db, notify_server):
    notify_server.fail_with = 500
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Hello", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    assert send_due().counts == {"to retry": 1}
    [row] = _rows(db)
    assert row.state is OutboxState.QUEUED and row.attempts == 1 and "answered 500" in row.last_error
    app.config["NOTIFY_BASE_URL"] = f"http://127.0.0.1:{free_port()}"
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=row.created_at))
    db.session.commit()
    assert send_due().counts == {"to retry": 1}
    [row] = _rows(db)
    assert row.attempts == 2 and row.last_error.startswith("Could not reach GOV.UK Notify")
