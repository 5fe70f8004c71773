"""`flask cip check`: the derived data (hours ledger, dated history, data versions) against the records."""

from __future__ import annotations

import sqlalchemy as sa

from core import data_versions
from core.extensions import db
from history import recording
from scheduling.hours import ledger


def stamp_differences() -> list[str]:
    """Every group of tables the data versions watch has a stamp row (a missing one keeps nothing)."""
    table = data_versions.DataVersion.__table__
    have = set(db.session.scalars(sa.select(table.c.name)))
    return [f"data_versions: no stamp for {name!r}" for name in sorted(set(data_versions.WATCHED) - have)]


def ledger_differences() -> list[str]:
    """The hours ledger's rows that differ from the approved duties summed again."""
    return [
        f"hours ledger: {key}: duties give {want} (duties, minutes), ledger holds {have}"
        for key, want, have in ledger.differences(db.session)
    ]


def all_differences() -> dict[str, list[str]]:
    """Each kind of derived data and what in it differs from the records (empty lists when all agree)."""
    return {
        "Hours ledger": ledger_differences(),
        "Dated history": recording.differences(),
        "Data versions": stamp_differences(),
    }
