"""kit: uniform stock by type and size, serial-numbered items, issues to people, leaving checklists

Revision ID: 0024_kit
Revises: 0021_one_inbox
Create Date: 2026-12-05 12:00:00

One holder per serial number: a partial unique index on the open issues of an item (neither returned nor
written off), on SQLite and PostgreSQL alike.
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0024_kit"
down_revision = "0021_one_inbox"
branch_labels = None
depends_on = None

CATEGORY = sa.Enum(
    "uniform", "cadet_uniform", "body_armour", "radio", "warrant_card", name="kitcategory", native_enum=False, length=40
)
OPEN_ISSUE = "returned_on IS NULL AND written_off_on IS NULL"


def upgrade() -> None:
    op.create_table(
        "kit_stock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("category", CATEGORY, nullable=False),
        sa.Column("item_type", sa.String(80), nullable=False),
        sa.Column("size", sa.String(20), nullable=False),
        sa.Column("in_store", sa.Integer(), nullable=False),
        sa.Column("low_at", sa.Integer(), nullable=False),
        sa.UniqueConstraint("category", "item_type", "size", name="uq_kit_stock_line"),
        sa.CheckConstraint("in_store >= 0", name=op.f("ck_kit_stock_in_store_not_negative")),
        sa.CheckConstraint("low_at >= 0", name=op.f("ck_kit_stock_low_at_not_negative")),
    )
    op.create_table(
        "kit_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("category", CATEGORY, nullable=False),
        sa.Column("serial_number", sa.String(60), nullable=False),
        sa.Column("size", sa.String(20)),
        sa.Column("expires_on", sa.Date()),
        sa.Column("description", sa.String(120)),
        sa.Column("written_off_on", sa.Date()),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("category", "serial_number", name="uq_kit_items_serial"),
        sa.CheckConstraint(
            "category <> 'body_armour' OR (expires_on IS NOT NULL AND size IS NOT NULL)",
            name=op.f("ck_kit_items_armour_has_expiry"),
        ),
    )
    op.create_table(
        "kit_issues",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("kit_items.id")),
        sa.Column("stock_id", sa.Integer(), sa.ForeignKey("kit_stock.id")),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("returned_on", sa.Date()),
        sa.Column("returned_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("written_off_on", sa.Date()),
        sa.Column("write_off_reason", sa.String(200)),
        sa.Column("written_off_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.CheckConstraint("(item_id IS NULL) <> (stock_id IS NULL)", name=op.f("ck_kit_issues_item_or_stock")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_kit_issues_quantity_positive")),
        sa.CheckConstraint("item_id IS NULL OR quantity = 1", name=op.f("ck_kit_issues_one_serial_item")),
        sa.CheckConstraint(
            "returned_on IS NULL OR written_off_on IS NULL", name=op.f("ck_kit_issues_returned_or_written_off")
        ),
        sa.CheckConstraint(
            "written_off_on IS NULL OR write_off_reason IS NOT NULL", name=op.f("ck_kit_issues_write_off_has_reason")
        ),
    )
    op.create_index("ix_kit_issues_volunteer_id", "kit_issues", ["volunteer_id"])
    op.create_index("ix_kit_issues_stock_id", "kit_issues", ["stock_id"])
    op.create_index(
        "ix_kit_issues_one_holder",
        "kit_issues",
        ["item_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_ISSUE),
        postgresql_where=sa.text(OPEN_ISSUE),
    )
    op.create_table(
        "kit_checklists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("volunteer_id", sa.Integer(), sa.ForeignKey("volunteers.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "reason",
            sa.Enum("left", "transferred", name="checklistreason", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date()),
    )
    op.create_index("ix_kit_checklists_volunteer_id", "kit_checklists", ["volunteer_id"])
    op.create_index(
        "ix_kit_checklists_one_open",
        "kit_checklists",
        ["volunteer_id"],
        unique=True,
        sqlite_where=sa.text("closed_on IS NULL"),
        postgresql_where=sa.text("closed_on IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("kit_checklists")
    op.drop_table("kit_issues")
    op.drop_table("kit_items")
    op.drop_table("kit_stock")
