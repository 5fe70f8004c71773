"""Secret link parts are not shown on the outbox page and are not kept once a message is sent."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from core.models import Role
from notices import send_to_address
from notices.outbox.delivery import send_due
from notices.outbox.models import OutboxMessage
from notices.outbox.redaction import REMOVED, without_secrets


def test_long_tokens_in_links_are_removed_and_the_rest_kept():
    token = secrets.token_urlsafe(32)
    text = f"Sign in: https://cip.essex-police.example.uk/apply/link/{token}?next=/apply/status (ref CIP-7KQM-2XDA)"
    shown = without_secrets(text)
    assert token not in shown
    assert (
        shown
        == f"Sign in: https://cip.essex-police.example.uk/apply/link/{REMOVED}?next=/apply/status (ref CIP-7KQM-2XDA)"
    )
    assert without_secrets("Reply YES 4821 to book. See https://cip.example.uk/scheduling/shifts") == (
        "Reply YES 4821 to book. See https://cip.example.uk/scheduling/shifts"
    )


def test_the_outbox_page_hides_a_queued_token_and_a_sent_message_keeps_none(db, as_role, smtp_server):
    token = secrets.token_urlsafe(32)
    send_to_address(
        "applicant@example.org", "Your sign-in link", "Use this link once.", f"/apply/link/{token}", kind="application"
    )
    db.session.commit()
    page = as_role(Role.COORDINATOR).get("/notices/outbox").get_data(as_text=True)
    assert "Your sign-in link" in page and token not in page and REMOVED in page
    send_due()
    [received] = smtp_server.to("applicant@example.org")
    assert token in received.body  # the applicant got the working link
    body = db.session.scalar(sa.select(OutboxMessage.body))
    assert token not in body and REMOVED in body
