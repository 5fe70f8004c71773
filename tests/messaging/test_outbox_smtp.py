"""The outbox through a real SMTP server on 127.0.0.1: queued in the event's transaction, delivered exactly once
to the right address (and a minor cadet's guardian), retried when the server cannot be reached, refused over
an untrusted certificate, and never resent by itself when a worker stopped mid-send."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

import notices
from core.db import utcnow
from notices.models import Notice
from notices.outbox.delivery import mark_interrupted, resend, send_due
from notices.outbox.models import Audience, Channel, ContactPreference, OutboxMessage, OutboxState
from tests import factories as f
from tests.smtp_server import free_port


def _rows(db) -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_a_notice_is_emailed_exactly_once_to_the_right_address(app, db, smtp_server):
    app.config["BASE_URL"] = "https://cip.example.org"
    person = f.VolunteerFactory(email="sam.special@example.org")
    other = f.VolunteerFactory(email="someone.else@example.org")
    db.session.commit()
    notices.send(
        "Your shift on 9 December moved to 19:00.",
        "/scheduling/shifts/7",
        volunteer_ids=[person.id],
        kind="shift_changed",
    )
    db.session.commit()
    [row] = _rows(db)
    notice = db.session.get(Notice, row.notice_id)
    assert notice.volunteer_id == person.id and row.audience is Audience.PERSON and row.channel is Channel.EMAIL
    assert (row.address, row.state, row.kind) == ("sam.special@example.org", OutboxState.QUEUED, "shift_changed")

    assert send_due().counts == {"sent": 1}
    assert send_due().counts == {}  # nothing is sent twice
    [mail] = smtp_server.received
    assert mail.recipients == ["sam.special@example.org"] and not smtp_server.to(other.email)
    assert mail.message["Subject"] == "Your shift on 9 December moved to 19:00."
    assert "https://cip.example.org/scheduling/shifts/7" in mail.body
    assert "https://cip.example.org/notices/preferences" in mail.body
    [sent] = _rows(db)
    assert sent.state is OutboxState.SENT and sent.attempts == 1 and sent.sent_at is not None
    assert sent.provider_id == mail.message["Message-ID"]


def test_a_person_who_chose_in_app_only_gets_no_email(app, db, smtp_server):
    person = f.VolunteerFactory()
    db.session.add(ContactPreference(volunteer_id=person.id, kind="reminder", channel=Channel.APP))
    db.session.commit()
    notices.send("Your vetting expires soon.", volunteer_ids=[person.id], kind="reminder")
    notices.send("A shift changed.", volunteer_ids=[person.id], kind="shift_changed")  # default: email
    db.session.commit()
    assert [r.kind for r in _rows(db)] == ["shift_changed"]


def test_an_account_without_a_volunteer_record_is_emailed_at_its_own_address(db, smtp_server, coordinator_user):
    notices.send("An import finished.", "/worker/jobs/1", user_ids=[coordinator_user.id], kind="general")
    db.session.commit()
    assert send_due().counts == {"sent": 1}
    assert smtp_server.to(coordinator_user.email)


def test_a_minor_cadets_guardian_gets_a_copy_and_no_text_goes_to_the_minor(app, db, smtp_server):
    app.config.update(NOTIFY_API_KEY="k" * 74, NOTIFY_SMS_TEMPLATE_ID="sms-template")  # texts offered
    cadet = f.CadetFactory(
        volunteer__email="casey.cadet@example.org",
        volunteer__phone="07700900001",
        volunteer__date_of_birth=date.today() - timedelta(days=365 * 15),
        guardian_email="pat.guardian@example.org",
        guardian_phone="07700900002",
    )
    adult = f.VolunteerFactory(email="adult@example.org", phone="07700900003")
    for volunteer_id in (cadet.volunteer_id, adult.id):
        db.session.add(ContactPreference(volunteer_id=volunteer_id, kind="shift_booking", channel=Channel.SMS))
    db.session.commit()
    notices.send("You were added to a shift.", volunteer_ids=[cadet.volunteer_id, adult.id], kind="shift_booking")
    db.session.commit()
    got = {(r.audience, r.channel, r.address) for r in _rows(db)}
    assert got == {
        (Audience.PERSON, Channel.EMAIL, "casey.cadet@example.org"),  # chose text, but never to a minor's number
        (Audience.GUARDIAN, Channel.EMAIL, "pat.guardian@example.org"),
        (Audience.PERSON, Channel.SMS, "07700900003"),  # an adult's text
    }
    app.config.update(NOTIFY_API_KEY=None)  # send only the emails here (Notify has its own tests)
    assert send_due().counts == {"sent": 2}
    [to_guardian] = smtp_server.to("pat.guardian@example.org")
    assert "as their parent or guardian" in to_guardian.body and "You were added to a shift." in to_guardian.body
    assert len(smtp_server.to("casey.cadet@example.org")) == 1


def test_an_address_without_an_account_is_emailed(db, smtp_server):
    assert (
        notices.send_to_address(
            "applicant@example.org", "Your application", "We have your application.", kind="application"
        )
        == 1
    )
    db.session.commit()
    [row] = _rows(db)
    assert row.notice_id is None and row.audience is Audience.ADDRESS
    assert send_due().counts == {"sent": 1}
    [mail] = smtp_server.to("applicant@example.org")
    assert mail.message["Subject"] == "Your application" and "Choose how we contact you" not in mail.body
    with pytest.raises(ValueError, match="not an email address"):
        notices.send_to_address("nobody", "x", "y", kind="application")


def test_with_no_channel_messages_stay_in_app(db, runner):
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Hello", volunteer_ids=[person.id], kind="general")
    assert notices.send_to_address("a@example.org", "s", "t", kind="application") == 0
    db.session.commit()
    assert _rows(db) == [] and db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 1
    assert "messages stay in-app" in runner.invoke(args=["cip", "outbox", "send"]).output


def test_the_command_sends_what_is_due_once(db, runner, smtp_server):
    people = [f.VolunteerFactory() for _ in range(3)]
    db.session.commit()
    notices.send("A call-out", volunteer_ids=[p.id for p in people], kind="callout")
    db.session.commit()
    assert runner.invoke(args=["cip", "outbox", "send"]).output.strip() == "3 sent"
    assert runner.invoke(args=["cip", "outbox", "send"]).output.strip() == "Nothing was due"
    assert sorted(r.recipients[0] for r in smtp_server.received) == sorted(p.email for p in people)


def test_a_notice_cannot_queue_twice_for_one_recipient(db, smtp_server):
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Once", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    [row] = _rows(db)
    db.session.add(
        OutboxMessage(
            notice_id=row.notice_id, audience=Audience.PERSON, channel=Channel.SMS, kind="general",
            address="07700900009", subject="Once", body="Once",
        )
    )  # fmt: skip
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_refused_connection_is_retried_with_backoff_then_failed(app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), OUTBOX_MAX_ATTEMPTS=2, OUTBOX_RETRY_SECONDS=60)
    people = [f.VolunteerFactory() for _ in range(2)]
    db.session.commit()
    notices.send("Hello", volunteer_ids=[p.id for p in people], kind="general")
    db.session.commit()
    tally = send_due()
    assert tally.counts == {"to retry": 1} and "Could not reach the mail server" in tally.stopped  # the rest wait
    first, second = _rows(db)
    assert first.state is OutboxState.QUEUED and first.attempts == 1 and "Could not reach" in first.last_error
    assert timedelta(seconds=55) < first.next_attempt_at - utcnow() <= timedelta(seconds=60)
    assert second.attempts == 0
    assert send_due().counts == {"to retry": 1}  # the second's first try; the first waits its minute
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert send_due().counts == {"failed": 1}
    failed = _rows(db)[0]
    assert failed.state is OutboxState.FAILED and failed.attempts == 2
    assert failed.last_error.startswith("Gave up after 2 tries: Could not reach the mail server")


def test_starttls_with_an_untrusted_certificate_is_refused_and_a_trusted_ca_works(app, db, tls_smtp_server):
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Secret-ish", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    assert send_due().counts == {"to retry": 1}
    [row] = _rows(db)
    assert "certificate is not trusted" in row.last_error and tls_smtp_server.received == []
    app.config["MAIL_CA_FILE"] = tls_smtp_server.ca_file
    db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert send_due().counts == {"sent": 1}
    assert len(tls_smtp_server.to(person.email)) == 1


def test_a_message_left_sending_is_marked_to_check_and_resent_only_by_hand(app, db, smtp_server):
    person = f.VolunteerFactory()
    db.session.commit()
    notices.send("Maybe sent", volunteer_ids=[person.id], kind="general")
    db.session.commit()
    db.session.execute(
        sa.update(OutboxMessage).values(state=OutboxState.SENDING, attempts=1, claimed_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    assert send_due().counts == {}  # never sent by itself
    [row] = _rows(db)
    assert row.state is OutboxState.CHECK and "may or may not have arrived" in row.last_error
    assert mark_interrupted(app.config) == 0
    assert resend(row.id) is True
    db.session.commit()
    assert send_due().counts == {"sent": 1} and len(smtp_server.received) == 1
    assert resend(row.id) is False  # a sent message is not resent


def test_erasing_a_volunteer_deletes_their_messages_and_choices(app, db, smtp_server):
    from privacy.erasure import erase_volunteer

    person = f.VolunteerFactory(email="erase.me@example.org", first_name="Eraseme")
    db.session.commit()
    notices.send("Eraseme, your shift changed", volunteer_ids=[person.id], kind="shift_changed")
    db.session.commit()
    db.session.add(ContactPreference(volunteer_id=person.id, kind="callout", channel=Channel.APP))
    db.session.commit()
    erase_volunteer(person.id)
    db.session.commit()
    assert _rows(db) == [] and db.session.scalar(sa.select(sa.func.count()).select_from(ContactPreference)) == 0
