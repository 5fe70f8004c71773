"""The store: a coordinator adds uniform (counted by type and size) and serial-numbered items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit import record
from core.extensions import db
from core.refusals import Refusal
from kit.models import COUNTED, SERIAL, KitCategory, KitIssue, SerialItem, StockLine, open_issues


def add_stock(category: KitCategory, item_type: str, size: str, quantity: int, low_at: int | None) -> StockLine:
    """Put ``quantity`` of a uniform type and size into the store (a new line, or more of an existing one)."""
    if category not in COUNTED:
        raise Refusal("Choose uniform or cadet uniform", "category")
    if quantity < 1:
        raise Refusal("Quantity must be 1 or more", "quantity")
    item_type, size = item_type.strip(), size.strip().upper()
    line = db.session.scalar(
        sa.select(StockLine).where(
            StockLine.category == category, StockLine.item_type == item_type, StockLine.size == size
        )
    )
    if line is None:
        line = StockLine(category=category, item_type=item_type, size=size, in_store=0, low_at=low_at or 0)
        db.session.add(line)
        db.session.flush()
    elif low_at is not None:
        line.low_at = low_at
    # Added in the database, so two deliveries booked at once both count.
    db.session.execute(
        sa.update(StockLine).where(StockLine.id == line.id).values(in_store=StockLine.in_store + quantity)
    )
    db.session.refresh(line)
    record("kit_stock_added", "kit_stock", line.id, detail={"quantity": quantity, "in_store": line.in_store})
    return line


def add_item(
    category: KitCategory, serial_number: str, size: str | None, expires_on: date | None, description: str | None
) -> SerialItem:
    """Add one serial-numbered item to the store; body armour needs its size and expiry date."""
    if category not in SERIAL:
        raise Refusal("Choose body armour, a radio or a warrant card", "category")
    serial_number = serial_number.strip().upper()
    if not serial_number:
        raise Refusal("Enter the serial number", "serial_number")
    if category == KitCategory.BODY_ARMOUR:
        if not size:
            raise Refusal("Enter the size of the body armour", "size")
        if expires_on is None:
            raise Refusal("Enter the expiry date of the body armour", "expires_on")
    taken = f"{category.label} {serial_number} is already in the store"
    if db.session.scalar(
        sa.select(SerialItem.id).where(SerialItem.category == category, SerialItem.serial_number == serial_number)
    ):
        raise Refusal(taken, "serial_number")
    item = SerialItem(
        category=category,
        serial_number=serial_number,
        size=(size or "").strip().upper() or None,
        expires_on=expires_on,
        description=(description or "").strip() or None,
    )
    db.session.add(item)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as problem:
        raise Refusal(taken, "serial_number") from problem
    record("kit_item_added", "kit_item", item.id, detail={"category": category.value, "serial": serial_number})
    return item


@dataclass(frozen=True)
class StoreRow:
    """A stock line with how many are out with people now."""

    line: StockLine
    issued: int

    @property
    def is_low(self) -> bool:
        return self.line.in_store <= self.line.low_at


def stock_lines() -> list[StoreRow]:
    """Every uniform line, with how many are issued and not back."""
    out = (
        sa.select(KitIssue.stock_id, sa.func.sum(KitIssue.quantity))
        .where(KitIssue.stock_id.is_not(None), open_issues())
        .group_by(KitIssue.stock_id)
    )
    issued = dict(db.session.execute(out).all())
    lines = db.session.scalars(sa.select(StockLine).order_by(StockLine.category, StockLine.item_type, StockLine.size))
    return [StoreRow(line, int(issued.get(line.id, 0))) for line in lines]


def serial_items() -> list[tuple[SerialItem, KitIssue | None]]:
    """Every serial-numbered item with its open issue (who holds it), if any."""
    holder = sa.orm.aliased(KitIssue, sa.select(KitIssue).where(open_issues()).subquery())
    stmt = (
        sa.select(SerialItem, holder)
        .outerjoin(holder, holder.item_id == SerialItem.id)
        .order_by(SerialItem.category, SerialItem.serial_number)
    )
    return [tuple(row) for row in db.session.execute(stmt)]


def available_items() -> list[SerialItem]:
    """Serial-numbered items in the store now: not held by anyone and not written off."""
    held = sa.select(KitIssue.item_id).where(KitIssue.item_id.is_not(None), open_issues())
    stmt = (
        sa.select(SerialItem)
        .where(SerialItem.written_off_on.is_(None), SerialItem.id.not_in(held))
        .order_by(SerialItem.category, SerialItem.serial_number)
    )
    return list(db.session.scalars(stmt))


def available_stock() -> list[StockLine]:
    """Uniform lines with at least one in the store."""
    stmt = sa.select(StockLine).where(StockLine.in_store > 0).order_by(StockLine.item_type, StockLine.size)
    return list(db.session.scalars(stmt))
