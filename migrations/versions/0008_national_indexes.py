"""national indexes: what EXPLAIN ANALYZE on the national data set (27,500 volunteers, 10 million duties) asked for

Revision ID: 0008_national_indexes
Revises: 0007_history
Create Date: 2026-11-22 14:25:00

Measured on PostgreSQL over `flask cip generate --scale national` (bench/README.md, national section):
- ix_volunteers_status_id + ix_programme_memberships_programme_volunteer: the volunteer list's count
  (active Specials) becomes a merge of two index-only scans instead of a hash join over a scan of every
  volunteer (51 ms -> 8 ms).
- ix_parishes_name_id: the 3,000-parish filter list is read in order from the index (6.5 ms -> 0.5 ms).
- ix_stage_changes_entered + ix_stage_changes_application_entered: the recruitment pipeline's time-in-stage
  window reads the index alone (439 ms -> 370 ms as written; 63 ms once the query is limited to the
  applications with a stage change in the period, which the first index serves).
- ix_duty_month_totals_volunteer_cover: ledger rows of a set of volunteers (the 600 CSCs' hours in their
  parishes, a parish's officers, a Special's commitment) are read per volunteer from the index alone
  instead of scanning every ledger row of the period (CSCs over 5 years 228 ms -> 46 ms; over a year
  14 ms; a parish's officer over a year 0.05 ms).
"""

from alembic import op

revision = "0008_national_indexes"
down_revision = "0007_history"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_volunteers_status_id", "volunteers", ["status", "id"]),
    ("ix_programme_memberships_programme_volunteer", "programme_memberships", ["programme", "volunteer_id"]),
    ("ix_parishes_name_id", "parishes", ["name", "id"]),
    ("ix_stage_changes_entered", "application_stage_changes", ["entered_on", "application_id"]),
    ("ix_stage_changes_application_entered", "application_stage_changes", ["application_id", "entered_on", "stage"]),
    (
        "ix_duty_month_totals_volunteer_cover",
        "duty_month_totals",
        ["volunteer_id", "month", "programme", "district_id", "parish_id", "esp_business_id", "duties", "minutes"],
    ),
]


def upgrade():
    for name, table, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade():
    for name, table, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
