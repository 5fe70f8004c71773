"""Subject access: everything held about a volunteer, as one ZIP of CSV and JSON files."""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa

from core.csvio import csv_text
from core.extensions import db
from core.models import AuditEvent, User
from privacy.graph import SECRET_COLUMNS, collect_rows, person_tables

README = """Subject access export: {label}
Generated {generated} (UTC) by the Citizens in Policing system.

Each CSV file holds the rows of one table that are about this person, one row per line.
everything.json holds the same data in one file; manifest.json lists every table checked,
with the number of rows found (0 where none). audit_events_about_person.csv lists actions
recorded about this person's volunteer record. Passwords, security keys and their hashes are
never exported.
"""


def plain(value: object) -> object:
    """A JSON- and CSV-friendly form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _public_columns(table: sa.Table) -> list[str]:
    return [c.name for c in table.columns if c.name not in SECRET_COLUMNS]


def _audit_about(volunteer_id: int, user_ids: list[int]) -> list[dict]:
    stmt = sa.select(AuditEvent).where(
        sa.or_(
            sa.and_(AuditEvent.object_type == "volunteer", AuditEvent.object_id == volunteer_id),
            sa.and_(AuditEvent.object_type == "user", AuditEvent.object_id.in_(user_ids or [-1])),
        )
    )
    events = db.session.scalars(stmt.order_by(AuditEvent.occurred_at)).all()
    return [
        {
            "id": e.id,
            "occurred_at": e.occurred_at,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "detail": e.detail,
        }
        for e in events
    ]


def gather(volunteer_id: int) -> dict[str, list[dict]] | None:
    """The person's rows by table (secrets left out), plus audit events about them; None if unknown."""
    rows = collect_rows(volunteer_id)
    if not rows:
        return None
    out: dict[str, list[dict]] = {}
    for name in person_tables():
        table = db.metadata.tables[name]
        keep = _public_columns(table)
        out[name] = [{k: plain(row[k]) for k in keep} for row in rows.get(name, [])]
    user_ids = [r["id"] for r in rows.get(User.__tablename__, [])]
    out["audit_events_about_person"] = [
        {k: plain(v) for k, v in event.items()} for event in _audit_about(volunteer_id, user_ids)
    ]
    return out


def export_zip(volunteer_id: int) -> bytes | None:
    """The ZIP of everything held about the volunteer, or None when there is no such volunteer."""
    data = gather(volunteer_id)
    if data is None:
        return None
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    person = data["volunteers"][0]
    label = f"volunteer #{volunteer_id} ({person.get('first_name', '')} {person.get('last_name', '')})"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(label=label, generated=generated))
        manifest = {
            "volunteer_id": volunteer_id,
            "generated_utc": generated,
            "tables": {name: len(rows) for name, rows in data.items()},
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        archive.writestr("everything.json", json.dumps(data, indent=2, default=str))
        for name, rows in data.items():
            if name in db.metadata.tables:
                headers = _public_columns(db.metadata.tables[name])
            else:
                headers = list(rows[0].keys()) if rows else ["id"]
            body = [[json.dumps(r[h]) if isinstance(r[h], dict | list) else r[h] for h in headers] for r in rows]
            archive.writestr(f"{name}.csv", "\ufeff" + csv_text(headers, body))
    return buffer.getvalue()
