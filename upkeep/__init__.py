"""Derived data kept beside the records: the hours ledger, the dated history and the data versions.

Session hooks keep all three exact inside every transaction (the app factory installs them, in order).
Rows written in bulk outside the session (the demo seed, the generator, bulk imports) call
``after_bulk_load()`` once before they commit; ``flask cip check`` proves all three right.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core import data_versions
from core.extensions import db
from history.recording import backfill_open_rows
from scheduling.hours import ledger


def after_bulk_load(approved_duties: Iterable[tuple[int, date]] | None = None) -> list[str]:
    """Bring every derived table up to date after a bulk load, in the session's transaction (the caller commits):
    one open history row for each tracked object that has none; then, for a whole data set (the demo seed, the
    generator: no argument), the hours ledger rebuilt from every duty and every data version renewed; for an
    import, the ledger months of the approved duties it wrote ((volunteer id, duty date) each; none for people),
    its data versions being renewed by its statements. Returns a line for each, for a command's output."""
    written = backfill_open_rows()
    if approved_duties is not None:
        ledger.rebuild_for_duties(db.session, approved_duties)
        return [f"Dated history: {sum(written.values())} open rows added"]
    rows = ledger.rebuild_all(db.session)
    data_versions.touch(db.session)
    return [
        f"Dated history: {sum(written.values())} open rows added",
        f"Hours ledger: {rows} rows rebuilt from the duties",
        f"Data versions: {len(data_versions.WATCHED)} renewed",
    ]
