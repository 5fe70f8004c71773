"""Where a person's data lives: every table reachable from volunteers.id through foreign keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from core.extensions import db

# Foreign keys naming who *acted* (recorded_by_id, reviewed_by_id, created_by_id ...) point at a staff
# account doing its job, not at the person the row is about: they are not followed.
ACTOR_SUFFIX = "_by_id"
# Never exported: credentials and their hashes.
SECRET_COLUMNS = frozenset(
    {"password_hash", "session_token", "totp_secret", "totp_last_step", "code_hash", "token_hash"}
)
ROOT = "volunteers"
CHUNK = 500


@dataclass(frozen=True)
class Link:
    """A child table's foreign key column onto a table already reached."""

    table: sa.Table
    column: sa.Column
    parent: sa.Table
    parent_column: sa.Column


def person_links(metadata: sa.MetaData | None = None) -> list[Link]:
    """Every foreign key path outward from volunteers (recursively: children of children too)."""
    metadata = metadata if metadata is not None else db.metadata
    reached = {ROOT}
    seen: set[tuple[str, str]] = set()
    links: list[Link] = []
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            for fk in sorted(table.foreign_keys, key=lambda k: k.parent.name):
                parent = fk.column.table
                key = (table.name, fk.parent.name)
                if parent.name not in reached or key in seen or fk.parent.name.endswith(ACTOR_SUFFIX):
                    continue
                seen.add(key)
                links.append(Link(table, fk.parent, parent, fk.column))
                if table.name not in reached:
                    reached.add(table.name)
                    changed = True
    return links


def person_tables(metadata: sa.MetaData | None = None) -> list[str]:
    """Names of the tables that can hold rows about a volunteer, the volunteers table first."""
    names = [ROOT]
    for link in person_links(metadata):
        if link.table.name not in names:
            names.append(link.table.name)
    return names


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _pk(table: sa.Table, row: dict) -> tuple:
    cols = list(table.primary_key.columns) or list(table.columns)
    return tuple(row[c.name] for c in cols)


def collect_rows(volunteer_id: int) -> dict[str, list[dict]]:
    """Every row about the volunteer, by table name (fixed point over the foreign-key graph)."""
    metadata = db.metadata
    root = metadata.tables[ROOT]
    first = db.session.execute(sa.select(root).where(root.c.id == volunteer_id)).mappings().first()
    if first is None:
        return {}
    rows: dict[str, dict[tuple, dict]] = {ROOT: {_pk(root, first): dict(first)}}
    links = person_links(metadata)
    done: dict[tuple[str, str], set] = {}
    changed = True
    while changed:
        changed = False
        for link in links:
            parents = rows.get(link.parent.name, {})
            values = {row[link.parent_column.name] for row in parents.values()} - {None}
            asked = done.setdefault((link.table.name, link.column.name), set())
            new_values = sorted(values - asked, key=str)
            if not new_values:
                continue
            asked.update(new_values)
            bucket = rows.setdefault(link.table.name, {})
            for chunk in _chunks(new_values):
                found = db.session.execute(sa.select(link.table).where(link.column.in_(chunk))).mappings()
                for row in found:
                    key = _pk(link.table, row)
                    if key not in bucket:
                        bucket[key] = dict(row)
                        changed = True
    return {name: list(bucket.values()) for name, bucket in rows.items()}
