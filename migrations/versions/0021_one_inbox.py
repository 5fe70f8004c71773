"""one inbox: reminders become notices (with their kind and a dedupe key); the old notifications table goes

Revision ID: 0021_one_inbox
Revises: 0020_outbox
Create Date: 2026-12-05 11:50:00

Every notice now says its kind of message (notices/kinds.py) and may carry a dedupe key, unique per recipient
(a reminder, tomorrow's shift: told once however often the job runs). The reminders the old `notifications`
table held are copied into `notices` with their read state and dedupe keys, as kind "reminder"; an hours
shortfall goes to the volunteer (all their accounts see it, as the reminders job now sends it), so two accounts
of one person become one notice (read if either had read it). Then the old table is dropped.
"""

import sqlalchemy as sa
from alembic import op

import core.db

revision = "0021_one_inbox"
down_revision = "0020_outbox"
branch_labels = None
depends_on = None

TO_THE_VOLUNTEER = "hours_shortfall"  # the old kind of reminder that was about the volunteer themself

notifications = sa.table(
    "notifications",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("message", sa.String),
    sa.column("link", sa.String),
    sa.column("dedupe_key", sa.String),
    sa.column("created_at", core.db.UTCDateTime(timezone=True)),
    sa.column("read_at", core.db.UTCDateTime(timezone=True)),
)
users = sa.table("users", sa.column("id", sa.Integer), sa.column("volunteer_id", sa.Integer))
notices = sa.table(
    "notices",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("volunteer_id", sa.Integer),
    sa.column("text", sa.String),
    sa.column("link", sa.String),
    sa.column("created_at", core.db.UTCDateTime(timezone=True)),
    sa.column("read_at", core.db.UTCDateTime(timezone=True)),
    sa.column("kind", sa.String),
    sa.column("dedupe_key", sa.String),
)


def _safe_link(link: str | None) -> str | None:
    """A notice links only within the service (as notices.send insists)."""
    return link if link and link.startswith("/") and not link.startswith("//") else None


def _copy_notifications(bind) -> None:
    rows = bind.execute(
        sa.select(notifications, users.c.volunteer_id)
        .join(users, users.c.id == notifications.c.user_id)
        .order_by(notifications.c.read_at.is_(None), notifications.c.id)  # read ones first: they win a merge
    ).all()
    copied: dict[tuple, dict] = {}
    for row in rows:
        if row.kind == TO_THE_VOLUNTEER and row.volunteer_id is not None:
            recipient = {"user_id": None, "volunteer_id": row.volunteer_id}
        else:
            recipient = {"user_id": row.user_id, "volunteer_id": None}
        key = (recipient["user_id"], recipient["volunteer_id"], row.dedupe_key)
        if key in copied:
            continue
        copied[key] = {
            **recipient,
            "text": row.message,
            "link": _safe_link(row.link),
            "created_at": row.created_at,
            "read_at": row.read_at,
            "kind": "reminder",
            "dedupe_key": row.dedupe_key,
        }
    if copied:
        op.bulk_insert(notices, list(copied.values()))


def upgrade() -> None:
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=40), nullable=False, server_default="general"))
        batch.add_column(sa.Column("dedupe_key", sa.String(length=120), nullable=True))
    op.create_index("uq_notices_volunteer_dedupe", "notices", ["volunteer_id", "dedupe_key"], unique=True)
    op.create_index("uq_notices_user_dedupe", "notices", ["user_id", "dedupe_key"], unique=True)
    _copy_notifications(op.get_bind())
    with op.batch_alter_table("notifications") as batch:
        batch.drop_index("ix_notifications_user_id")
    op.drop_table("notifications")


def downgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("message", sa.String(length=400), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("emailed_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notifications_user_dedupe"),
    )
    op.create_index("ix_notifications_user_id", "notifications", ["user_id"], unique=False)
    bind = op.get_bind()
    reminders = sa.and_(notices.c.kind == "reminder", notices.c.dedupe_key.is_not(None))
    rows = bind.execute(
        sa.select(notices, users.c.id.label("account_id"))
        .outerjoin(users, users.c.volunteer_id == notices.c.volunteer_id)
        .where(reminders)
    ).all()
    back: dict[tuple, dict] = {}
    for row in rows:
        user_id = row.user_id if row.user_id is not None else row.account_id
        if user_id is None or (user_id, row.dedupe_key) in back:
            continue
        back[(user_id, row.dedupe_key)] = {
            "user_id": user_id,
            "kind": TO_THE_VOLUNTEER if row.volunteer_id is not None else "reminder",
            "message": row.text[:400],
            "link": row.link,
            "dedupe_key": row.dedupe_key,
            "created_at": row.created_at,
            "read_at": row.read_at,
        }
    if back:
        op.bulk_insert(notifications, list(back.values()))
    op.execute(notices.delete().where(reminders))
    op.drop_index("uq_notices_user_dedupe", table_name="notices")
    op.drop_index("uq_notices_volunteer_dedupe", table_name="notices")
    with op.batch_alter_table("notices") as batch:
        batch.drop_column("dedupe_key")
        batch.drop_column("kind")
