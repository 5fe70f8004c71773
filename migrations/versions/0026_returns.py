"""returns: the permission to compile returns, and signed agreements on file

Revision ID: 0026_returns
Revises: 0023_expenses
Create Date: 2026-12-05 12:00:00

users.compiles_returns: who may read equality answers and figures built from them. signed_agreements: the
signed PDF of an ESP memorandum or a CSC parish agreement, its signatories, expiry and reminder sent.
"""

import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = "0026_returns"
down_revision = "0023_expenses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("compiles_returns", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "signed_agreements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("esp_business_id", sa.Integer(), sa.ForeignKey("esp_businesses.id", ondelete="CASCADE")),
        sa.Column("csc_agreement_id", sa.Integer(), sa.ForeignKey("csc_agreements.id", ondelete="CASCADE")),
        sa.Column("file_id", sa.Integer(), sa.ForeignKey("stored_files.id", ondelete="SET NULL")),
        sa.Column("force_signatory", sa.String(120), nullable=False),
        sa.Column("force_signed_on", sa.Date(), nullable=False),
        sa.Column("partner_signatory", sa.String(120), nullable=False),
        sa.Column("partner_signed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date()),
        sa.Column("reminder_sent_on", sa.Date()),
        sa.Column("uploaded_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("uploaded_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(esp_business_id IS NULL) <> (csc_agreement_id IS NULL)", name="one_agreement"),
        sa.CheckConstraint("expires_on IS NULL OR expires_on >= force_signed_on", name="expiry_after_signing"),
    )
    op.create_index("ix_signed_agreements_esp_business_id", "signed_agreements", ["esp_business_id"])
    op.create_index("ix_signed_agreements_csc_agreement_id", "signed_agreements", ["csc_agreement_id"])
    op.create_index("ix_signed_agreements_expires_on", "signed_agreements", ["expires_on"])


def downgrade() -> None:
    op.drop_table("signed_agreements")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("compiles_returns")
