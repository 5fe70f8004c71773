"""Issuing and returning kit: one holder per serial number, stock limits, dates and who did it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.dates import today
from core.models import AuditEvent, Role
from core.refusals import Refusal
from kit import issuing, stock
from kit.models import KitCategory, KitIssue, StockLine
from tests import factories as f
from tests.factories import kit as k


def test_issue_and_return_a_radio_records_dates_and_who(db, coordinator_user):
    person = f.SpecialFactory().volunteer
    radio = k.RadioFactory()
    on = today() - timedelta(days=3)
    done = issuing.issue_item(person, radio.id, on, today(), coordinator_user.id)
    assert (done.issued_on, done.issued_by_id, done.is_open) == (on, coordinator_user.id, True)
    issuing.return_issue(done, today(), today(), coordinator_user.id)
    assert (done.returned_on, done.returned_by_id, done.is_open) == (today(), coordinator_user.id, False)
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_id == person.id)).all()
    assert {"kit_issued", "kit_returned"} <= set(actions)


def test_a_serial_item_has_one_holder_at_a_time(db):
    first, second = f.SpecialFactory().volunteer, f.SpecialFactory().volunteer
    radio = k.RadioFactory(serial_number="R1")
    held = issuing.issue_item(first, radio.id, today(), today(), None)
    with pytest.raises(Refusal, match="Radio R1 is already held") as refused:
        issuing.issue_item(second, radio.id, today(), today(), None)
    assert refused.value.field == "thing"
    issuing.return_issue(held, today(), today(), None)
    assert issuing.issue_item(second, radio.id, today(), today(), None).volunteer_id == second.id


def test_the_database_refuses_a_second_open_issue_of_an_item(db):
    """The partial unique index, underneath the service's check."""
    first, second = f.SpecialFactory().volunteer, f.SpecialFactory().volunteer
    radio = k.RadioFactory()
    db.session.add(KitIssue(volunteer_id=first.id, item_id=radio.id, quantity=1, issued_on=today()))
    db.session.flush()
    db.session.add(KitIssue(volunteer_id=second.id, item_id=radio.id, quantity=1, issued_on=today()))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_issuing_more_uniform_than_in_store_is_refused_and_returns_go_back(db):
    person = f.SpecialFactory().volunteer
    line = k.StockLineFactory(item_type="Trousers", size="32R", in_store=3)
    issuing.issue_uniform(person, line.id, 2, today(), today(), None)
    db.session.commit()
    with pytest.raises(Refusal, match=r"Only 1 of Trousers, size 32R is in the store: issue 1 or fewer") as refused:
        issuing.issue_uniform(person, line.id, 2, today(), today(), None)
    assert refused.value.field == "quantity"
    db.session.rollback()
    assert db.session.get(StockLine, line.id).in_store == 1
    done = issuing.issue_uniform(person, line.id, 1, today(), today(), None)
    db.session.commit()
    with pytest.raises(Refusal, match="There are no Trousers, size 32R in the store"):
        issuing.issue_uniform(person, line.id, 1, today(), today(), None)
    db.session.rollback()
    issuing.return_issue(done, today(), today(), None)
    assert db.session.get(StockLine, line.id).in_store == 1


def test_cadet_uniform_only_to_cadets_and_no_radio_to_a_cadet(db):
    cadet = f.CadetFactory().volunteer
    special = f.SpecialFactory().volunteer
    cadet_line = k.StockLineFactory(category=KitCategory.CADET_UNIFORM, item_type="Cadet beret")
    with pytest.raises(Refusal, match="Cadet uniform is issued only to cadets"):
        issuing.issue_uniform(special, cadet_line.id, 1, today(), today(), None)
    assert issuing.issue_uniform(cadet, cadet_line.id, 1, today(), today(), None).quantity == 1
    with pytest.raises(Refusal, match="A cadet cannot be issued a radio"):
        issuing.issue_item(cadet, k.RadioFactory().id, today(), today(), None)


def test_dates_are_checked(db):
    person = f.SpecialFactory().volunteer
    radio = k.RadioFactory()
    with pytest.raises(Refusal, match="Date issued must be today or in the past"):
        issuing.issue_item(person, radio.id, today() + timedelta(days=1), today(), None)
    done = issuing.issue_item(person, radio.id, today() - timedelta(days=2), today(), None)
    with pytest.raises(Refusal, match="must not be before") as refused:
        issuing.return_issue(done, today() - timedelta(days=5), today(), None)
    assert refused.value.field == "returned_on"
    with pytest.raises(Refusal, match="Enter the reason"):
        issuing.write_off(done, today(), " ", today(), None)


def test_adding_stock_adds_to_a_line_and_armour_needs_its_expiry(db):
    line = stock.add_stock(KitCategory.UNIFORM, "Fleece", "l", 5, 2)
    again = stock.add_stock(KitCategory.UNIFORM, "Fleece", "L", 3, None)
    assert (again.id, again.in_store, again.low_at) == (line.id, 8, 2)
    with pytest.raises(Refusal, match="Enter the expiry date of the body armour") as refused:
        stock.add_item(KitCategory.BODY_ARMOUR, "BA1", "M", None, None)
    assert refused.value.field == "expires_on"
    stock.add_item(KitCategory.RADIO, "r9", None, None, None)
    with pytest.raises(Refusal, match="Radio R9 is already in the store"):
        stock.add_item(KitCategory.RADIO, "R9", None, None, None)


def test_the_persons_page_says_who_issued_and_took_back_kit(db, as_role):
    person = f.SpecialFactory().volunteer
    radio, shirt = k.RadioFactory(serial_number="R77"), k.StockLineFactory(item_type="Fleece", size="L")
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    coordinator = client.user.display_name
    day = {"issued_on-day": today().day, "issued_on-month": today().month, "issued_on-year": today().year}
    page = client.post(
        f"/kit/people/{person.id}/issue", data={"thing": f"item:{radio.id}", **day}, follow_redirects=True
    )
    assert "Radio R77 issued to" in page.get_data(as_text=True)
    client.post(f"/kit/people/{person.id}/issue", data={"thing": f"stock:{shirt.id}", "quantity": "2", **day})
    fleece = db.session.scalar(sa.select(KitIssue).where(KitIssue.stock_id == shirt.id))
    back = {"returned_on-day": today().day, "returned_on-month": today().month, "returned_on-year": today().year}
    client.post(f"/kit/issues/{fleece.id}/return", data=back)
    page = client.get(f"/kit/people/{person.id}").get_data(as_text=True)
    assert f"Issued {today():%-d %B %Y} by {coordinator}" in page
    assert f"Returned {today():%-d %B %Y} to {coordinator}" in page and "Fleece, size L x 2" in page
    assert "Quantity (uniform only) must be between 1 and 100" in client.post(
        f"/kit/people/{person.id}/issue", data={"thing": f"stock:{shirt.id}", "quantity": "0", **day}
    ).get_data(as_text=True)
