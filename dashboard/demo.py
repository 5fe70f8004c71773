"""Demo extension: the demo data set is inserted in bulk (no ORM hook), so its dated history starts here."""

from __future__ import annotations

from datetime import date

from core.history_recording import backfill_open_rows


def extend_demo(today: date) -> list[str]:
    """One open history row per tracked object, from its current state (core.history)."""
    written = backfill_open_rows()
    return [f"Dated history: {sum(written.values())} open rows (command, post, employer, unit, district, states)"]
