"""shift changes: cancellation reason and time, shift templates, in-app notices; nobody waits while a place is free

Revision ID: 0017_shift_changes
Revises: 0016_hardening
Create Date: 2026-12-05 08:40:00

Coordinators now edit and cancel shifts (a cancelled shift keeps its reason and when), save a shift's shape
as a template, and the people booked are told through in-app notices (notices/), whose header count is kept
under a new data version, "notices". The data fix: on every shift not cancelled, people waiting while a place
was free move up, first come first served, as scheduling.rosters.signups.fill_from_waiting_list now does
after every change.
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0017_shift_changes"
down_revision = "0016_hardening"
branch_labels = None
depends_on = None

shifts = sa.table(
    "shifts", sa.column("id", sa.Integer), sa.column("places", sa.Integer), sa.column("cancelled", sa.Boolean)
)
signups = sa.table(
    "shift_signups",
    sa.column("id", sa.Integer),
    sa.column("shift_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("signed_up_at", sa.DateTime),
)


def _promote_waiting(bind) -> None:
    confirmed = (
        sa.select(sa.func.count())
        .where(signups.c.shift_id == shifts.c.id, signups.c.status == "confirmed")
        .scalar_subquery()
    )
    waiting_on = sa.select(signups.c.shift_id).where(signups.c.status == "waiting")
    rows = bind.execute(
        sa.select(shifts.c.id, shifts.c.places - confirmed).where(
            shifts.c.cancelled.is_(False), shifts.c.places > confirmed, shifts.c.id.in_(waiting_on)
        )
    ).all()
    for shift_id, free in rows:
        first = bind.execute(
            sa.select(signups.c.id)
            .where(signups.c.shift_id == shift_id, signups.c.status == "waiting")
            .order_by(signups.c.signed_up_at, signups.c.id)
            .limit(free)
        ).scalars()
        ids = list(first)
        bind.execute(sa.update(signups).where(signups.c.id.in_(ids)).values(status="confirmed"))


def upgrade():
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", core.db.UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        "shift_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column(
            "shift_type",
            sa.Enum(
                "patrol",
                "event",
                "training",
                "op_community",
                "day_of_action",
                "cadet_meeting",
                "crime_prevention",
                "speed_watch",
                "admin",
                name="dutytype",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("place", sa.String(length=160), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("parish_id", sa.Integer(), nullable=True),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("places", sa.Integer(), nullable=False),
        sa.Column("eligible_programmes", sa.String(length=200), nullable=False),
        sa.Column("minimum_rank_seniority", sa.Integer(), nullable=True),
        sa.Column("required_skill_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("places >= 1", name=op.f("ck_shift_templates_places_positive")),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name=op.f("ck_shift_templates_minutes_range")),
        sa.ForeignKeyConstraint(
            ["district_id"],
            ["districts.id"],
            name=op.f("fk_shift_templates_district_id_districts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parish_id"], ["parishes.id"], name=op.f("fk_shift_templates_parish_id_parishes"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["required_skill_id"],
            ["skills.id"],
            name=op.f("fk_shift_templates_required_skill_id_skills"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_shift_templates_owner_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_templates")),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("volunteer_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("user_id IS NOT NULL OR volunteer_id IS NOT NULL", name=op.f("ck_notices_has_recipient")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notices_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["volunteer_id"], ["volunteers.id"], name=op.f("fk_notices_volunteer_id_volunteers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_user_read", "notices", ["user_id", "read_at"], unique=False)
    op.create_index("ix_notices_volunteer_read", "notices", ["volunteer_id", "read_at"], unique=False)
    versions = sa.table("data_versions", sa.column("name", sa.String), sa.column("version", sa.BigInteger))
    op.bulk_insert(versions, [{"name": "notices", "version": 1}])
    _promote_waiting(op.get_bind())


def downgrade():
    versions = sa.table("data_versions", sa.column("name", sa.String))
    op.execute(versions.delete().where(versions.c.name == "notices"))
    op.drop_index("ix_notices_volunteer_read", table_name="notices")
    op.drop_index("ix_notices_user_read", table_name="notices")
    op.drop_table("notices")
    op.drop_table("shift_templates")
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy of shifts would drop the table, and SQLite's
    # foreign keys would cascade that to every sign-up.
    for column in ("cancelled_at", "cancel_reason"):
        op.execute(f"ALTER TABLE shifts DROP COLUMN {column}")
