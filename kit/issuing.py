"""Issuing kit to a person and getting it back: one holder per serial number, never more uniform than in store."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit import record
from core.extensions import db
from core.refusals import Refusal
from kit import leaving, rules
from kit.models import KitIssue, SerialItem, StockLine, open_issues
from volunteers.models import Volunteer, VolunteerStatus


def _check_person(volunteer: Volunteer, on: date, today: date) -> None:
    if volunteer.status == VolunteerStatus.LEFT:
        raise Refusal(f"{volunteer.full_name} has left: kit cannot be issued to them", "thing")
    if on > today:
        raise Refusal("Date issued must be today or in the past", "issued_on")


def issue_item(volunteer: Volunteer, item_id: int, on: date, today: date, by: int | None) -> KitIssue:
    """Issue one serial-numbered item; refused while someone else holds it (the database has the last word)."""
    _check_person(volunteer, on, today)
    item = db.session.get(SerialItem, item_id)
    if item is None:
        raise Refusal("Choose an item from the list", "thing")
    if item.written_off_on is not None:
        raise Refusal(f"{item.name} was written off on {item.written_off_on:%-d %B %Y}", "thing")
    rules.check_may_hold(item.category, volunteer.cadet is not None)
    held = f"{item.name} is already held by someone: it must be returned first"
    if db.session.scalar(sa.select(KitIssue.id).where(KitIssue.item_id == item.id, open_issues())):
        raise Refusal(held, "thing")
    issue = KitIssue(volunteer_id=volunteer.id, item_id=item.id, quantity=1, issued_on=on, issued_by_id=by)
    db.session.add(issue)
    try:
        with db.session.begin_nested():  # a writer who issued it a moment ago wins: ours is refused, not a 500
            db.session.flush()
    except IntegrityError as problem:
        raise Refusal(held, "thing") from problem
    record("kit_issued", "volunteer", volunteer.id, detail={"issue_id": issue.id, "item_id": item.id})
    return issue


def issue_uniform(
    volunteer: Volunteer, stock_id: int, quantity: int, on: date, today: date, by: int | None
) -> KitIssue:
    """Issue uniform from the store; refused when the store holds fewer than asked."""
    _check_person(volunteer, on, today)
    line = db.session.get(StockLine, stock_id)
    if line is None:
        raise Refusal("Choose an item from the list", "thing")
    rules.check_may_hold(line.category, volunteer.cadet is not None)
    if quantity < 1:
        raise Refusal("Quantity must be 1 or more", "quantity")
    # Taken in one statement that checks the count, so two issues at once never take the last one twice.
    taken = db.session.execute(
        sa.update(StockLine)
        .where(StockLine.id == line.id, StockLine.in_store >= quantity)
        .values(in_store=StockLine.in_store - quantity)
    )
    if not taken.rowcount:
        db.session.refresh(line)
        left = line.in_store
        raise Refusal(
            f"Only {left} of {line.name} {'is' if left == 1 else 'are'} in the store: issue {left} or fewer"
            if left
            else f"There are no {line.name} in the store",
            "quantity",
        )
    issue = KitIssue(volunteer_id=volunteer.id, stock_id=line.id, quantity=quantity, issued_on=on, issued_by_id=by)
    db.session.add(issue)
    db.session.flush()
    db.session.refresh(line)
    record(
        "kit_issued",
        "volunteer",
        volunteer.id,
        detail={"issue_id": issue.id, "stock_id": line.id, "quantity": quantity},
    )
    return issue


def _check_closing(issue: KitIssue, on: date, today: date, field: str, what: str) -> None:
    if not issue.is_open:
        raise Refusal("This kit is already back or written off", field)
    if on > today:
        raise Refusal(f"Date {what} must be today or in the past", field)
    if on < issue.issued_on:
        raise Refusal(f"Date {what} must not be before {issue.issued_on:%-d %B %Y}, when it was issued", field)


def return_issue(issue: KitIssue, on: date, today: date, by: int | None) -> None:
    """Take kit back: uniform goes back into the store; the leaving checklist closes when nothing is left out."""
    _check_closing(issue, on, today, "returned_on", "returned")
    issue.returned_on, issue.returned_by_id = on, by
    if issue.stock_id is not None:
        db.session.execute(
            sa.update(StockLine)
            .where(StockLine.id == issue.stock_id)
            .values(in_store=StockLine.in_store + issue.quantity)
        )
    db.session.flush()
    record("kit_returned", "volunteer", issue.volunteer_id, detail={"issue_id": issue.id, "on": on.isoformat()})
    leaving.close_when_everything_is_back(issue.volunteer_id, on)


def write_off(issue: KitIssue, on: date, reason: str, today: date, by: int | None) -> None:
    """Write off kit that will not come back (lost, damaged, kept by a cadet), with the reason."""
    _check_closing(issue, on, today, "written_off_on", "written off")
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Enter the reason for writing it off", "reason")
    issue.written_off_on, issue.write_off_reason, issue.written_off_by_id = on, reason[:200], by
    if issue.item is not None:
        issue.item.written_off_on = on
    db.session.flush()
    record("kit_written_off", "volunteer", issue.volunteer_id, detail={"issue_id": issue.id, "on": on.isoformat()})
    leaving.close_when_everything_is_back(issue.volunteer_id, on)
