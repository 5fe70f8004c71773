"""The leaving checklist, from the real leaving path: kit still held is listed, the person is told, and the
checklist stays open until everything is returned or written off."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from core.dates import today
from core.models import Role
from kit import holdings, issuing
from kit.models import KitIssue, LeavingChecklist
from notices.models import Notice
from tests import factories as f
from tests.factories import kit as k
from volunteers import lifecycle


def _holding_radio_and_shirts(db):
    person = f.SpecialFactory().volunteer
    radio = k.RadioFactory(serial_number="R555")
    shirts = k.StockLineFactory(item_type="Wicking shirt", size="L", in_store=4)
    issuing.issue_item(person, radio.id, today() - timedelta(days=30), today(), None)
    issuing.issue_uniform(person, shirts.id, 2, today() - timedelta(days=30), today(), None)
    db.session.commit()
    return person


def test_leaving_opens_the_checklist_and_asks_for_the_kit_back(db, as_role):
    person = _holding_radio_and_shirts(db)
    client = as_role(Role.COORDINATOR)
    asking = client.get(f"/volunteers/{person.id}/leave").get_data(as_text=True)
    assert "They still hold 2 items of kit: Radio R555; Wicking shirt, size L x 2." in asking
    on = today() - timedelta(days=1)
    form = {"left_on-day": on.day, "left_on-month": on.month, "left_on-year": on.year, "reason": "moved_away"}
    response = client.post(f"/volunteers/{person.id}/leave", data=form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Leaving checklist open since" in page and "2 items still to come back" in page
    assert "Radio R555" in page and "Wicking shirt, size L x 2" in page
    checklist = db.session.scalar(sa.select(LeavingChecklist).where(LeavingChecklist.volunteer_id == person.id))
    assert (checklist.reason.value, checklist.opened_on, checklist.closed_on) == ("left", on, None)
    notice = db.session.scalar(sa.select(Notice).where(Notice.volunteer_id == person.id))
    assert notice.link == "/kit/mine"
    assert "Radio R555" in notice.text and "Wicking shirt, size L x 2" in notice.text


def test_the_checklist_stays_open_until_everything_is_back_or_written_off(db, as_role):
    person = _holding_radio_and_shirts(db)
    client = as_role(Role.COORDINATOR)
    client.post(f"/volunteers/{person.id}/leave", data={"left_on": today().isoformat(), "reason": "moved_away"})
    radio, shirts = sorted(holdings.held_by(person.id), key=lambda i: i.item_id is None)
    day = {"-day": today().day, "-month": today().month, "-year": today().year}
    response = client.post(
        f"/kit/issues/{radio.id}/write-off", data={"reason": "", **{f"written_off_on{p}": v for p, v in day.items()}}
    )
    assert "Enter the reason for writing it off" in response.get_data(as_text=True)
    client.post(
        f"/kit/issues/{radio.id}/write-off",
        data={"reason": "Lost", **{f"written_off_on{p}": v for p, v in day.items()}},
    )
    assert holdings.open_checklist(person.id) is not None
    client.post(f"/kit/issues/{shirts.id}/return", data={f"returned_on{p}": v for p, v in day.items()})
    db.session.expire_all()
    assert holdings.open_checklist(person.id) is None
    closed = db.session.scalar(sa.select(LeavingChecklist.closed_on).where(LeavingChecklist.volunteer_id == person.id))
    assert closed == today()
    assert db.session.get(KitIssue, radio.id).write_off_reason == "Lost"


def test_leaving_with_no_kit_opens_no_checklist_and_sends_nothing(db, as_role):
    person = f.SpecialFactory().volunteer
    db.session.commit()
    as_role(Role.COORDINATOR).post(
        f"/volunteers/{person.id}/leave", data={"left_on": today().isoformat(), "reason": "moved_away"}
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LeavingChecklist)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 0


def test_a_transfer_to_another_district_asks_for_the_kit_back(db):
    person = _holding_radio_and_shirts(db)
    elsewhere = f.DistrictFactory()
    lifecycle.update_person(person, {"district_id": elsewhere.id}, today())
    checklist = holdings.open_checklist(person.id)
    assert checklist is not None and checklist.reason.value == "transferred"


def test_a_posting_to_another_command_asks_for_the_kit_back(db):
    person = _holding_radio_and_shirts(db)
    lifecycle.update_role(person, "special", {"command_id": f.CommandFactory().id}, today())
    assert holdings.open_checklist(person.id).reason.value == "transferred"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notice)) == 1


def test_the_kit_trail_reads_as_sentences(db, as_role):
    from core.models import AuditEvent
    from privacy.audit_sentences import sentences

    person = _holding_radio_and_shirts(db)
    as_role(Role.COORDINATOR).post(
        f"/volunteers/{person.id}/leave", data={"left_on": today().isoformat(), "reason": "moved_away"}
    )
    events = list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("kit_%"))))
    texts = list(sentences(events).values())
    assert f"The system issued kit to {person.full_name}." in texts
    opened = f"opened a leaving checklist of 2 items of kit for {person.full_name} (left)."
    assert any(t.endswith(opened) for t in texts), texts


def test_kit_issued_after_a_transfer_is_not_on_the_checklist(db):
    person = _holding_radio_and_shirts(db)
    lifecycle.update_person(person, {"district_id": f.DistrictFactory().id}, today() - timedelta(days=2))
    checklist = holdings.open_checklist(person.id)
    new_radio = issuing.issue_item(person, k.RadioFactory().id, today(), today(), None)
    assert new_radio not in holdings.still_to_come_back(checklist)
    for issue in holdings.still_to_come_back(checklist):
        issuing.return_issue(issue, today(), today(), None)
    assert checklist.closed_on == today() and new_radio.is_open


def test_leaving_after_a_transfer_asks_for_everything_held(db):
    person = _holding_radio_and_shirts(db)
    lifecycle.update_person(person, {"district_id": f.DistrictFactory().id}, today() - timedelta(days=2))
    later = issuing.issue_item(person, k.RadioFactory().id, today() - timedelta(days=1), today(), None)
    lifecycle.leave(person, today(), "Moved away", today())
    checklist = holdings.open_checklist(person.id)
    assert checklist.reason.value == "left" and later in holdings.still_to_come_back(checklist)
