"""Kit tables: counted stock (uniform by type and size), serial-numbered items, issues to people, leaving checklists."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import UTCDateTime, utcnow
from core.extensions import db
from core.models import LabelledEnum, User, enum_type

if TYPE_CHECKING:
    from volunteers.models import Volunteer


class KitCategory(LabelledEnum):
    """What kind of kit: counted stock (uniform) or items known by serial number."""

    UNIFORM = "uniform"
    CADET_UNIFORM = "cadet_uniform"
    BODY_ARMOUR = "body_armour"
    RADIO = "radio"
    WARRANT_CARD = "warrant_card"

    @property
    def counted(self) -> bool:
        """Held as a count by type and size, not one by one."""
        return self in (KitCategory.UNIFORM, KitCategory.CADET_UNIFORM)


COUNTED = (KitCategory.UNIFORM, KitCategory.CADET_UNIFORM)
SERIAL = (KitCategory.BODY_ARMOUR, KitCategory.RADIO, KitCategory.WARRANT_CARD)


class ChecklistReason(LabelledEnum):
    LEFT = "left"
    TRANSFERRED = "transferred"


# An issue is open while its kit is neither back nor written off (the one-holder index reads the same words).
OPEN_ISSUE = "returned_on IS NULL AND written_off_on IS NULL"


class StockLine(db.Model):
    """Uniform of one type and size: how many are in the store now, and the level at which stock is low."""

    __tablename__ = "kit_stock"
    __table_args__ = (
        sa.UniqueConstraint("category", "item_type", "size", name="uq_kit_stock_line"),
        sa.CheckConstraint("in_store >= 0", name="in_store_not_negative"),
        sa.CheckConstraint("low_at >= 0", name="low_at_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[KitCategory] = mapped_column(enum_type(KitCategory))
    item_type: Mapped[str] = mapped_column(sa.String(80))
    size: Mapped[str] = mapped_column(sa.String(20))
    in_store: Mapped[int] = mapped_column(default=0)
    low_at: Mapped[int] = mapped_column(default=0)

    @property
    def name(self) -> str:
        return f"{self.item_type}, size {self.size}"


class SerialItem(db.Model):
    """One item known by its serial number: body armour (with size and expiry), a radio or a warrant card."""

    __tablename__ = "kit_items"
    __table_args__ = (
        sa.UniqueConstraint("category", "serial_number", name="uq_kit_items_serial"),
        sa.CheckConstraint(
            "category <> 'body_armour' OR (expires_on IS NOT NULL AND size IS NOT NULL)", name="armour_has_expiry"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[KitCategory] = mapped_column(enum_type(KitCategory))
    serial_number: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[str | None] = mapped_column(sa.String(20))
    expires_on: Mapped[date | None] = mapped_column()
    description: Mapped[str | None] = mapped_column(sa.String(120))
    written_off_on: Mapped[date | None] = mapped_column()
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def name(self) -> str:
        size = f", size {self.size}" if self.size else ""
        return f"{self.category.label} {self.serial_number}{size}"


class KitIssue(db.Model):
    """Kit issued to a person on a day by someone; open until returned or written off (with a reason)."""

    __tablename__ = "kit_issues"
    __table_args__ = (
        sa.CheckConstraint("(item_id IS NULL) <> (stock_id IS NULL)", name="item_or_stock"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("item_id IS NULL OR quantity = 1", name="one_serial_item"),
        sa.CheckConstraint("returned_on IS NULL OR written_off_on IS NULL", name="returned_or_written_off"),
        sa.CheckConstraint("written_off_on IS NULL OR write_off_reason IS NOT NULL", name="write_off_has_reason"),
        # One holder per serial number: at most one open issue of an item, whoever writes at the same moment.
        sa.Index(
            "ix_kit_issues_one_holder",
            "item_id",
            unique=True,
            sqlite_where=sa.text(OPEN_ISSUE),
            postgresql_where=sa.text(OPEN_ISSUE),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("kit_items.id"))
    stock_id: Mapped[int | None] = mapped_column(sa.ForeignKey("kit_stock.id"), index=True)
    quantity: Mapped[int] = mapped_column(default=1)
    issued_on: Mapped[date] = mapped_column()
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    returned_on: Mapped[date | None] = mapped_column()
    returned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    written_off_on: Mapped[date | None] = mapped_column()
    write_off_reason: Mapped[str | None] = mapped_column(sa.String(200))
    written_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    item: Mapped[SerialItem | None] = relationship(lazy="joined")
    stock: Mapped[StockLine | None] = relationship(lazy="joined")
    volunteer: Mapped[Volunteer] = relationship(lazy="joined")
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id], lazy="selectin")
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id], lazy="selectin")
    written_off_by: Mapped[User | None] = relationship(foreign_keys=[written_off_by_id], lazy="selectin")

    @property
    def is_open(self) -> bool:
        return self.returned_on is None and self.written_off_on is None

    @property
    def name(self) -> str:
        if self.item is not None:
            return self.item.name
        assert self.stock is not None
        return f"{self.stock.name} x {self.quantity}" if self.quantity > 1 else self.stock.name


class LeavingChecklist(db.Model):
    """Kit to get back from someone who left or transferred: open until everything is returned or written off."""

    __tablename__ = "kit_checklists"
    __table_args__ = (
        sa.Index(
            "ix_kit_checklists_one_open",
            "volunteer_id",
            unique=True,
            sqlite_where=sa.text("closed_on IS NULL"),
            postgresql_where=sa.text("closed_on IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(sa.ForeignKey("volunteers.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ChecklistReason] = mapped_column(enum_type(ChecklistReason))
    opened_on: Mapped[date] = mapped_column()
    closed_on: Mapped[date | None] = mapped_column()


def open_issues() -> sa.ColumnElement[bool]:
    """The issues still out: neither returned nor written off (the words of the one-holder index)."""
    return sa.and_(KitIssue.returned_on.is_(None), KitIssue.written_off_on.is_(None))
