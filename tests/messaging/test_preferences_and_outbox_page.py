"""'How we contact you' (a choice per kind of message, offering only what can reach the person) and the outbox
page (states, filter, resend) for the CiP team."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

import notices
from core.models import AuditEvent, Role
from notices.kinds import ACCOUNT_KINDS, VOLUNTEER_KINDS
from notices.outbox.models import Channel, ContactPreference, OutboxMessage, OutboxState
from privacy.audit_sentences import sentences
from tests import factories as f
from tests.factories import csrf_token_from

SMS = {"NOTIFY_API_KEY": "k" * 74, "NOTIFY_SMS_TEMPLATE_ID": "sms-template"}


def _all(channel: str, **overrides: str) -> dict:
    return {**dict.fromkeys(VOLUNTEER_KINDS, channel), **overrides}


def _post(client, url: str, data: dict, page: str = "/notices/preferences", **options):
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **options)


def test_with_no_channel_the_page_says_messages_stay_in_the_service(as_role):
    page = as_role(Role.VOLUNTEER).get("/notices/preferences").get_data(as_text=True)
    assert "<title>How we contact you" in page
    assert "not set up for this service yet" in page and 'type="radio"' not in page


def test_a_volunteer_chooses_per_kind_and_messages_follow_the_choice(app, db, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1", **SMS)
    person = f.VolunteerFactory(email="vic@example.org", phone="07700900123")
    client = as_role(Role.VOLUNTEER, volunteer=person)
    page = client.get("/notices/preferences").get_data(as_text=True)
    assert page.count("<legend") == len(VOLUNTEER_KINDS) == page.count("<fieldset")
    assert "Your application to volunteer" not in page  # applicants have no account: nobody chooses for it
    assert "By email to vic@example.org" in page and "By text message to 07700900123" in page  # email by default, below
    assert len(re.findall(r'value="email"\s+checked|checked[^>]*value="email"', page)) == len(
        VOLUNTEER_KINDS
    )  # the default

    answer = _post(client, "/notices/preferences", _all("app", callout="sms", shift_changed="email"))
    assert answer.status_code == 302
    saved = dict(db.session.execute(sa.select(ContactPreference.kind, ContactPreference.channel)).all())
    assert (
        saved["callout"] is Channel.SMS and saved["shift_changed"] is Channel.EMAIL and saved["reminder"] is Channel.APP
    )
    for kind in ("callout", "shift_changed", "reminder"):
        notices.send(f"A {kind} message", volunteer_ids=[person.id], kind=kind)
    db.session.commit()
    queued = {(r.kind, r.channel, r.address) for r in db.session.scalars(sa.select(OutboxMessage))}
    assert queued == {("callout", Channel.SMS, "07700900123"), ("shift_changed", Channel.EMAIL, "vic@example.org")}


def test_staff_and_council_accounts_choose_only_for_what_they_can_be_sent(app, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1")
    for role in (Role.COORDINATOR, Role.PARISH, Role.EMPLOYER):
        page = as_role(role).get("/notices/preferences").get_data(as_text=True)
        assert page.count("<legend") == len(ACCOUNT_KINDS), role
        assert "Call-outs" not in page and "Your shift tomorrow" not in page


def test_a_channel_not_offered_is_refused_on_its_field(app, db, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1", **SMS)
    client = as_role(Role.VOLUNTEER, volunteer=f.VolunteerFactory(phone=None))
    page = client.get("/notices/preferences").get_data(as_text=True)
    assert "By text message" not in page and "add your mobile number" in page
    answer = _post(client, "/notices/preferences", _all("email", callout="sms"))
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<title>Error: How we contact you" in text
    assert "Choose how you want to hear about: call-outs: a shift needs people" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactPreference)) == 0


def test_a_minor_is_never_offered_texts_and_is_told_of_the_guardian_copy(app, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1", **SMS)
    cadet = f.CadetFactory(
        volunteer__phone="07700900555",
        volunteer__date_of_birth=date.today() - timedelta(days=365 * 14),
        guardian_email="guardian@example.org",
    )
    page = as_role(Role.VOLUNTEER, volunteer=cadet.volunteer).get("/notices/preferences").get_data(as_text=True)
    assert "By text message" not in page and "we never send text messages to your phone" in page
    assert "copy of every message to your parent or guardian" in page


def test_an_account_without_a_volunteer_record_chooses_for_itself(app, db, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1")
    client = as_role(Role.PARISH)
    assert _post(client, "/notices/preferences", _all("email", general="app")).status_code == 302
    [owner] = set(db.session.scalars(sa.select(ContactPreference.user_id)))
    assert owner == client.user.id
    notices.send("Parish statement ready", user_ids=[client.user.id], kind="general")
    notices.send("Something else", user_ids=[client.user.id], kind="reminder")
    db.session.commit()
    assert [r.kind for r in db.session.scalars(sa.select(OutboxMessage))] == ["reminder"]


def test_the_outbox_page_counts_filters_and_resends_a_failed_message(app, db, as_role):
    client = as_role(Role.COORDINATOR)
    assert "messages stay in-app" in client.get("/notices/outbox").get_data(as_text=True)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=2525)
    people = [f.VolunteerFactory() for _ in range(3)]
    db.session.commit()
    notices.send("Hello", volunteer_ids=[p.id for p in people], kind="general")
    db.session.commit()
    first, second, _third = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id))
    first.state, first.attempts, first.last_error = OutboxState.FAILED, 6, "Gave up after 6 tries: refused"
    second.state, second.provider_id = OutboxState.SENT, "<id@example.org>"
    db.session.commit()
    page = client.get("/notices/outbox").get_data(as_text=True)
    assert "SMTP through 127.0.0.1:2525" in page
    assert "Failed (1)" in page and "Sent (1)" in page and "Waiting to send (1)" in page
    failed_only = client.get("/notices/outbox?state=failed").get_data(as_text=True)
    assert "<title>Outbox (state failed)" in failed_only
    assert "Gave up after 6 tries: refused" in failed_only and "&lt;id@example.org&gt;" not in failed_only
    assert f"Send message {first.id} again" in failed_only and f"Words of message {first.id}" in failed_only
    assert "Citizens in Policing, Essex Police" in failed_only  # the message's words, for checking with the person
    answer = _post(client, "/notices/outbox/resend", {"message_id": first.id, "state": "failed"})
    assert answer.status_code == 302 and answer.location.endswith("/notices/outbox?state=failed")
    db.session.refresh(first)
    assert first.state is OutboxState.QUEUED and first.attempts == 0
    [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "outbox_resent"))
    assert event.user_id == client.user.id
    assert sentences([event])[event.id].endswith(f" chose to send outbox message {first.id} again.")
    refused = _post(client, "/notices/outbox/resend", {"message_id": second.id}, follow_redirects=True)
    assert "Only a failed message, or one to check, can be sent again" in refused.get_data(as_text=True)
    assert _post(client, "/notices/outbox/resend", {"message_id": "x"}).status_code == 302


def test_texts_go_only_to_uk_mobile_numbers():
    from notices.outbox.queueing import is_mobile

    assert all(is_mobile(n) for n in ("07700 900123", "+44 7700 900123", "00447700900123", "07700-900-123"))
    assert not any(is_mobile(n) for n in ("01245 000000", "0770090012", "", None, "07700 9001234", "call me"))


def test_a_landline_is_not_offered_texts(app, as_role):
    app.config.update(MAIL_SERVER="127.0.0.1", **SMS)
    page = as_role(Role.VOLUNTEER, volunteer=f.VolunteerFactory(phone="01245 000000")).get("/notices/preferences")
    assert "By text message" not in page.get_data(as_text=True)
