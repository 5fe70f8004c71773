"""The audit log reads as sentences, not action codes and JSON."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit import record
from core.models import AuditEvent, Role
from privacy.audit_sentences import PATTERNS, sentences
from tests import factories as f


def test_an_approval_reads_as_a_sentence_on_the_audit_log(db, as_role, make_user):
    make_user(Role.SUPERVISOR, email="sam@example.org", display_name="Sam Supervisor")
    duty = f.DutyFactory(
        volunteer__first_name="Tessa", volunteer__last_name="Parishwell", duty_date=date(2023, 7, 5), minutes=480
    )
    db.session.add(
        AuditEvent(
            action="duty_approved",
            actor="sam@example.org",
            object_type="duty",
            object_id=duty.id,
            detail={"minutes": 480},
        )
    )
    db.session.add(
        AuditEvent(
            action="gizmo_recalibrated",
            actor=None,
            object_type="csc_post",
            object_id=4,
            detail={"from_state": "in_post", "parts": ["a", "b"]},
        )
    )
    db.session.commit()

    html = as_role(Role.ADMIN).get("/privacy-admin/audit").get_data(as_text=True)
    assert "Sam Supervisor approved Tessa Parishwell&#39;s duty of 5 July 2023: 8 hours." in html
    # An action with no pattern still reads as words: no codes, no JSON.
    assert "The system: gizmo recalibrated (CSC post 4). from state: in post; parts: a, b." in html
    table = html.split('id="audit-events"', 1)[1]
    assert "duty_approved" not in table and "{&#34;" not in table and "<code>" not in table


def test_every_pattern_fills_in_without_a_gap(db):
    """Each pattern formats with its recorded detail missing: nothing raises, nothing reads '{...}'."""
    for action in PATTERNS:
        record(action, "volunteer", 999_999, detail={})
    db.session.commit()
    events = db.session.scalars(sa.select(AuditEvent)).all()
    for text in sentences(events).values():
        assert "{" not in text and text.endswith(".") and not text.startswith(" ")
