"""Applicants follow their application by a single-use, expiring link; guardians confirm; stage changes are told."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from apply.models import ApplicantLink, GuardianConsent
from core.db import utcnow
from core.models import Role
from core.refusals import Refusal
from tests.apply.conftest import Walker
from tests.factories import ApplicationFactory, csrf_token_from
from volunteers.models import Application, ApplicationOutcome, ApplicationStage
from volunteers.pipeline import services as pipeline


def _ask_link(client, email: str):
    token = csrf_token_from(client.get("/apply/check-your-application").get_data(as_text=True))
    return client.post("/apply/check-your-application", data={"csrf_token": token, "email": email})


def _open(client, link: str):
    """Open an emailed sign-in link and press Continue, as the applicant does."""
    page = client.get(link)
    if page.status_code != 200:
        return page
    return client.post(link, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})


def test_the_sign_in_link_works_once_and_shows_the_stage(client, db, sent):
    ApplicationFactory(email="sam@example.org", stage=ApplicationStage.VETTING)
    db.session.commit()
    page = _ask_link(client, "SAM@example.org").get_data(as_text=True)
    assert "If we have an application from SAM@example.org" in page
    (message,) = sent
    assert message.email == "sam@example.org" and message.link.startswith("/apply/sign-in/")
    stored = db.session.scalar(sa.select(ApplicantLink))
    assert stored.token_hash not in message.link and message.link.rsplit("/", 1)[1] != stored.token_hash
    assert client.get(message.link).status_code == 200  # opening it (as a mail scanner does) spends nothing
    assert _open(client, message.link).headers["Location"].endswith("/apply/your-application")
    mine = client.get("/apply/your-application").get_data(as_text=True)
    assert "Vetting" in mine and "6 to 8 weeks" in mine
    other = client.application.test_client()
    assert _open(other, message.link).status_code == 404  # single use
    assert other.get("/apply/your-application").headers["Location"].endswith("/apply/check-your-application")


def test_an_unknown_email_gets_the_same_answer_and_no_email(client, db, sent):
    page = _ask_link(client, "nobody@example.org")
    assert page.status_code == 200 and "If we have an application from" in page.get_data(as_text=True)
    assert sent == []


def test_an_expired_link_does_not_work(client, db, sent):
    ApplicationFactory(email="sam@example.org")
    db.session.commit()
    _ask_link(client, "sam@example.org")
    db.session.execute(sa.update(ApplicantLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert _open(client, sent[0].link).status_code == 404


def test_a_newer_link_replaces_the_older_one(client, db, sent):
    ApplicationFactory(email="sam@example.org")
    db.session.commit()
    _ask_link(client, "sam@example.org")
    _ask_link(client, "sam@example.org")
    assert _open(client, sent[0].link).status_code == 404
    assert _open(client, sent[1].link).status_code == 302


def test_the_applicant_withdraws_with_a_reason(client, db, sent):
    app = ApplicationFactory(email="sam@example.org")
    db.session.commit()
    _ask_link(client, "sam@example.org")
    _open(client, sent[0].link)
    token = csrf_token_from(client.get("/apply/your-application/withdraw").get_data(as_text=True))
    empty = client.post("/apply/your-application/withdraw", data={"csrf_token": token, "reason": ""})
    assert empty.status_code == 400 and "Enter why you are withdrawing" in empty.get_data(as_text=True)
    client.post("/apply/your-application/withdraw", data={"csrf_token": token, "reason": "Moved to Devon"})
    db.session.expire_all()
    app = db.session.get(Application, app.id)
    assert (app.outcome, app.outcome_reason) == (ApplicationOutcome.WITHDRAWN, "Moved to Devon")
    assert "closed: withdrawn" in sent[-1].text
    assert "Withdrawn" in client.get("/apply/your-application").get_data(as_text=True)


def test_a_stage_change_tells_the_applicant_what_happens_next(db, app, sent):
    application = ApplicationFactory(email="sam@example.org", applied_on=date.today() - timedelta(days=3))
    db.session.flush()
    with app.test_request_context():
        pipeline.move_stage(application, ApplicationStage.SIFT, date.today(), date.today())
    (message,) = sent
    assert message.email == "sam@example.org" and "moved on to: sift" in message.text
    assert "checking your application" in message.text and message.link == "/apply/check-your-application"


def _cadet_applied(client, places) -> str:
    walker = Walker(client)
    walker.cadet(places)
    walker.send()
    return walker.token


def test_a_guardian_confirms_and_only_then_it_moves_on(client, db, app, places, sent):
    _cadet_applied(client, places)
    application = db.session.scalar(sa.select(Application))
    with app.test_request_context():
        try:
            pipeline.move_stage(application, ApplicationStage.SIFT, date.today(), date.today())
            raise AssertionError("moved while waiting for the guardian")
        except Refusal as refusal:
            assert "Waiting for a parent or guardian" in refusal.message
    db.session.rollback()
    link = next(m.link for m in sent if m.email == "mum@example.org" and m.link)
    page = client.get(link)
    token = csrf_token_from(page.get_data(as_text=True))
    refused = client.post(link, data={"csrf_token": token, "name": "Pat Young", "relationship": "parent"})
    assert refused.status_code == 400 and "Confirm that you agree" in refused.get_data(as_text=True)
    done = client.post(
        link, data={"csrf_token": token, "name": "Pat Young", "relationship": "parent", "consent": "yes"}
    )
    assert "Application confirmed" in done.get_data(as_text=True)
    consent = db.session.scalar(sa.select(GuardianConsent))
    assert (consent.confirmed_name, consent.relationship) == ("Pat Young", "parent")
    assert client.get(link).status_code == 404  # the link works once
    sent.clear()
    application = db.session.scalar(sa.select(Application))
    with app.test_request_context():
        pipeline.move_stage(application, ApplicationStage.SIFT, date.today(), date.today())
    # The young person is told, and the guardian gets a copy.
    assert [m.email for m in sent] == ["kid@example.org", "mum@example.org"]
    assert sent[1].subject.startswith("Copy: ")


def test_the_coordinator_sees_waiting_for_guardian_and_never_equality(client, db, places, sent, as_role):
    _cadet_applied(client, places)
    application = db.session.scalar(sa.select(Application))
    staff = as_role(Role.COORDINATOR)
    page = staff.get(f"/volunteers/applications/{application.id}").get_data(as_text=True)
    assert "Waiting for guardian" in page and "Applied online on" in page
    assert "Equality" not in page and "Prefer not to say" not in page
    assert "Waiting for guardian" in staff.get("/volunteers/applications").get_data(as_text=True)


def test_messages_go_to_the_outbox_as_emails_to_the_address(app, client, db, places):
    """Without the capture: a cadet's application queues the confirmation, and the guardian's link, in the outbox."""
    from notices.outbox.models import OutboxMessage

    app.config["MAIL_SERVER"] = "smtp.example.org"
    _cadet_applied(client, places)
    queued = list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
    # The guardian's link, the young person's confirmation, and the guardian's copy of it.
    assert sorted(m.address for m in queued) == ["kid@example.org", "mum@example.org", "mum@example.org"]
    assert all(m.kind == "application" for m in queued)
    bodies = " ".join(m.body for m in queued)
    assert "/apply/guardian/" in bodies and "Your reference is CIP-" in bodies


def test_retention_forgets_the_guardian_with_the_applicant(client, db, places, sent):
    from privacy.retention import apply_retention

    _cadet_applied(client, places)
    application = db.session.scalar(sa.select(Application))
    application.outcome, application.closed_on = ApplicationOutcome.WITHDRAWN, date.today() - timedelta(days=800)
    db.session.commit()
    apply_retention(dry_run=False)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(GuardianConsent)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApplicantLink)) == 0
    assert db.session.get(Application, application.id).email is None


def test_the_young_person_sends_their_guardian_a_new_link(client, db, places, sent):
    token = _cadet_applied(client, places)
    first = next(m.link for m in sent if m.email == "mum@example.org" and m.link)
    _ask_link(client, "kid@example.org")
    _open(client, sent[-1].link)
    assert "Waiting for your parent or guardian" in client.get("/apply/your-application").get_data(as_text=True)
    client.post("/apply/your-application/remind-guardian", data={"csrf_token": token})
    again = sent[-1]
    assert again.email == "mum@example.org" and again.link != first
    assert client.get(first).status_code == 404 and client.get(again.link).status_code == 200


def test_a_malformed_email_on_an_imported_application_does_not_stop_a_move(db, app, sent):
    application = ApplicationFactory(email="not an address", applied_on=date.today() - timedelta(days=3))
    db.session.flush()
    with app.test_request_context():
        pipeline.move_stage(application, ApplicationStage.SIFT, date.today(), date.today())
    assert application.stage == ApplicationStage.SIFT and sent == []
