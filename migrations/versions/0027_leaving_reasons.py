"""leaving reasons: why someone left, chosen from a list, on the volunteer and on the memberships that ended

Revision ID: 0027_leaving_reasons
Revises: 0028_training_claims
Create Date: 2026-12-05 12:40:00

volunteers.left_because and programme_memberships.left_because (volunteers.leaving_reasons.LeavingReason); the
free text already there (leave_reason, end_reason) stays as the detail. Old rows are backfilled: a reason whose
words said the person joined the regular force (the guess the Home Office return used to make) becomes
"joined_regulars", any other words "other".
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0027_leaving_reasons"
down_revision = "0028_training_claims"
branch_labels = None
depends_on = None

# The words the return used to read as "left to join the regular force" (returns.counts before this revision).
_REGULAR = re.compile(r"\bregular(s)?\b|\bjoin(ed|ing)? the police as a (police )?constable\b", re.IGNORECASE)
_REASON = sa.Enum(
    "joined_regulars",
    "moved_away",
    "work",
    "family",
    "health",
    "dissatisfied",
    "dismissed",
    "not_confirmed",
    "retired",
    "other",
    name="leavingreason",
    native_enum=False,
    length=40,
)


def _backfill(table: str, words: str) -> None:
    bind = op.get_bind()
    rows = sa.table(table, sa.column(words, sa.String()), sa.column("left_because", sa.String()))
    texts = bind.execute(sa.select(rows.c[words]).where(rows.c[words].is_not(None)).distinct()).scalars().all()
    for text in texts:
        reason = "joined_regulars" if _REGULAR.search(text) else "other"
        bind.execute(sa.update(rows).where(rows.c[words] == text).values(left_because=reason))


def upgrade() -> None:
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(sa.Column("left_because", _REASON, nullable=True))
    with op.batch_alter_table("programme_memberships") as batch:
        batch.add_column(sa.Column("left_because", _REASON, nullable=True))
    _backfill("volunteers", "leave_reason")
    _backfill("programme_memberships", "end_reason")


def downgrade() -> None:
    with op.batch_alter_table("programme_memberships") as batch:
        batch.drop_column("left_because")
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_column("left_because")
