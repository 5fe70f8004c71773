# ruff: noqa: S608  (the SQL below is built from this file's constants only)
"""history: dated rows for facts kept only as their current state

Revision ID: 0007_history
Revises: 0006_hours_ledger
Create Date: 2026-11-22 14:00:00

Command / CSC post / ESP business of each Special, cadet unit of cadets and leaders, volunteer district,
CSC post state, CSC agreement status and whether a Speed Watch group is active. Each existing object gets
one open row from its current state, valid from the best known date: for a person's facts the earlier of
the day they joined and their first programme membership; a post's state_since; an agreement's signed_on;
a Speed Watch group's started_on.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_history"
down_revision = "0006_hours_ledger"
branch_labels = None
depends_on = None

AGREEMENT_STATUS = sa.Enum(
    "signed", "active", "unable_to_recruit", "ended", name="agreementstatus", native_enum=False, length=40
)
POST_STATE = sa.Enum(
    "recruiting",
    "applicant_in_pipeline",
    "in_training",
    "in_post",
    "vacant_after_leaver",
    name="poststate",
    native_enum=False,
    length=40,
)

PERSON_START = (
    "CASE WHEN (SELECT MIN(pm.started_on) FROM programme_memberships pm WHERE pm.volunteer_id = v.id)"
    " < v.joined_on THEN (SELECT MIN(pm.started_on) FROM programme_memberships pm WHERE pm.volunteer_id = v.id)"
    " ELSE v.joined_on END"
)

BACKFILL = [
    "INSERT INTO special_assignments (volunteer_id, command_id, csc_post_id, esp_business_id, valid_from)"
    f" SELECT s.volunteer_id, s.command_id, s.csc_post_id, s.esp_business_id, {PERSON_START}"
    " FROM special_constables s JOIN volunteers v ON v.id = s.volunteer_id",
    "INSERT INTO cadet_unit_memberships (volunteer_id, role, cadet_unit_id, valid_from)"
    f" SELECT c.volunteer_id, 'cadet', c.cadet_unit_id, {PERSON_START}"
    " FROM cadets c JOIN volunteers v ON v.id = c.volunteer_id",
    "INSERT INTO cadet_unit_memberships (volunteer_id, role, cadet_unit_id, valid_from)"
    f" SELECT c.volunteer_id, 'leader', c.cadet_unit_id, {PERSON_START}"
    " FROM cadet_leaders c JOIN volunteers v ON v.id = c.volunteer_id",
    "INSERT INTO volunteer_districts (volunteer_id, district_id, valid_from)"
    f" SELECT v.id, v.district_id, {PERSON_START} FROM volunteers v",
    "INSERT INTO csc_post_states (post_id, state, valid_from) SELECT id, state, state_since FROM csc_posts",
    "INSERT INTO csc_agreement_statuses (agreement_id, status, valid_from) SELECT id, status, signed_on"
    " FROM csc_agreements",
    "INSERT INTO speed_watch_group_statuses (group_id, active, valid_from) SELECT id, active, started_on"
    " FROM speed_watch_groups",
]


def _dated(name: str, *columns: sa.Column, key: list[str]) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        *columns,
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(f"ix_{name}_{key[0].removesuffix('_id')}_dates", [*key, "valid_from", "valid_to"])


def _fk(column: str, target: str, table: str, ondelete: str, nullable: bool = True) -> sa.Column:
    return sa.Column(
        column,
        sa.Integer(),
        sa.ForeignKey(f"{target}.id", name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete),
        nullable=nullable,
    )


def upgrade():
    t = "special_assignments"
    _dated(
        t,
        _fk("volunteer_id", "volunteers", t, "CASCADE", nullable=False),
        _fk("command_id", "commands", t, "SET NULL"),
        _fk("csc_post_id", "csc_posts", t, "SET NULL"),
        _fk("esp_business_id", "esp_businesses", t, "SET NULL"),
        key=["volunteer_id"],
    )
    with op.batch_alter_table(t, schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_special_assignments_csc_post_id"), ["csc_post_id"], unique=False)
    t = "cadet_unit_memberships"
    _dated(
        t,
        _fk("volunteer_id", "volunteers", t, "CASCADE", nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        _fk("cadet_unit_id", "cadet_units", t, "SET NULL"),
        key=["volunteer_id", "role"],
    )
    t = "volunteer_districts"
    _dated(
        t,
        _fk("volunteer_id", "volunteers", t, "CASCADE", nullable=False),
        _fk("district_id", "districts", t, "SET NULL"),
        key=["volunteer_id"],
    )
    t = "csc_post_states"
    _dated(
        t,
        _fk("post_id", "csc_posts", t, "CASCADE", nullable=False),
        sa.Column("state", POST_STATE, nullable=False),
        key=["post_id"],
    )
    t = "csc_agreement_statuses"
    _dated(
        t,
        _fk("agreement_id", "csc_agreements", t, "CASCADE", nullable=False),
        sa.Column("status", AGREEMENT_STATUS, nullable=False),
        key=["agreement_id"],
    )
    t = "speed_watch_group_statuses"
    _dated(
        t,
        _fk("group_id", "speed_watch_groups", t, "CASCADE", nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        key=["group_id"],
    )
    for statement in BACKFILL:
        op.execute(statement)


def downgrade():
    for name in (
        "speed_watch_group_statuses",
        "csc_agreement_statuses",
        "csc_post_states",
        "volunteer_districts",
        "cadet_unit_memberships",
        "special_assignments",
    ):
        op.drop_table(name)
