"""Derived data kept beside the records: the hours ledger, the dated history and the data versions.

Session hooks keep all three exact inside every transaction (the app factory installs them, in order).
Rows written in bulk outside the session (the demo seed, the generator, bulk imports) call
``after_bulk_load()`` once before they commit; ``flask cip check`` proves all three right.
"""

from __future__ import annotations

from core import data_versions
from core.extensions import db
from history.recording import backfill_open_rows
from scheduling.hours import ledger


def after_bulk_load() -> list[str]:
    """Bring every derived table up to date after a bulk load, in the session's transaction (the caller commits):
    one open history row for each tracked object that has none, the hours ledger rebuilt from the duties, and
    every data version renewed. Returns a line for each, for the command's output."""
    written = backfill_open_rows()
    rows = ledger.rebuild_all(db.session)
    data_versions.touch(db.session)
    return [
        f"Dated history: {sum(written.values())} open rows added",
        f"Hours ledger: {rows} rows rebuilt from the duties",
        f"Data versions: {len(data_versions.WATCHED)} renewed",
    ]
