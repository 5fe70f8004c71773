"""expenses: claims against a training course (claimed_training, one live claim per training record and type)

Revision ID: 0028_training_claims
Revises: 0022_availability
Create Date: 2026-12-05 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0028_training_claims"
down_revision = "0022_availability"
branch_labels = None
depends_on = None

KINDS = ("mileage", "fares", "subsistence", "boots", "loss_of_earnings", "other")


def upgrade():
    op.create_table(
        "claimed_training",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("training_record_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, name="claimkind", native_enum=False, length=40), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["expense_claims.id"],
            name=op.f("fk_claimed_training_claim_id_expense_claims"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["training_record_id"],
            ["training_records.id"],
            name=op.f("fk_claimed_training_training_record_id_training_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claimed_training")),
    )
    with op.batch_alter_table("claimed_training", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claimed_training_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claimed_training_training_record_id"), ["training_record_id"], unique=False
        )
        batch_op.create_index(
            "uq_claimed_training_live",
            ["training_record_id", "kind"],
            unique=True,
            sqlite_where=sa.text("live"),
            postgresql_where=sa.text("live"),
        )


def downgrade():
    with op.batch_alter_table("claimed_training", schema=None) as batch_op:
        batch_op.drop_index("uq_claimed_training_live", sqlite_where=sa.text("live"), postgresql_where=sa.text("live"))
        batch_op.drop_index(batch_op.f("ix_claimed_training_training_record_id"))
        batch_op.drop_index(batch_op.f("ix_claimed_training_claim_id"))
    op.drop_table("claimed_training")
