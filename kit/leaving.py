"""The leaving checklist: someone who leaves or transfers is asked for everything they still hold.

``volunteers.lifecycle`` decides who leaves or transfers and calls ``ask_for_kit_back`` once; the checklist
stays open on the person's record until every item is returned or written off.
"""

from __future__ import annotations

from datetime import date

import notices
from core.audit import record
from core.extensions import db
from kit.holdings import held_by, open_checklist, still_to_come_back
from kit.models import ChecklistReason, LeavingChecklist


def ask_for_kit_back(volunteer_id: int, on: date, reason: str) -> LeavingChecklist | None:
    """Open the person's leaving checklist and tell them what to return (None when they hold nothing).

    ``reason`` is "left" or "transferred"."""
    held = held_by(volunteer_id)
    if not held:
        return None
    checklist = open_checklist(volunteer_id)
    if checklist is None:
        checklist = LeavingChecklist(volunteer_id=volunteer_id, reason=ChecklistReason(reason), opened_on=on)
        db.session.add(checklist)
        db.session.flush()
        record("kit_checklist_opened", "volunteer", volunteer_id, detail={"items": len(held), "reason": reason})
    elif reason == ChecklistReason.LEFT and checklist.reason != ChecklistReason.LEFT:
        # Transferred, then left: the checklist now asks for everything held on leaving.
        checklist.reason, checklist.opened_on = ChecklistReason.LEFT, max(on, checklist.opened_on)
    things = "; ".join(issue.name for issue in held)
    notices.send(
        f"Please return the kit you hold to the Citizens in Policing team: {things}",
        "/kit/mine",
        volunteer_ids=[volunteer_id],
        kind="kit",
    )
    return checklist


def still_held_words(volunteer_id: int) -> str | None:
    """What the leaving page says about the kit the person still holds (None when they hold nothing)."""
    held = held_by(volunteer_id)
    if not held:
        return None
    things = "; ".join(issue.name for issue in held)
    count = f"{len(held)} item{'' if len(held) == 1 else 's'}"
    return (
        f"They still hold {count} of kit: {things}. Recording leaving opens a leaving checklist on their record "
        "and asks them to return it."
    )


def close_when_everything_is_back(volunteer_id: int, on: date) -> bool:
    """Close the open checklist once nothing is left out; whether it closed."""
    checklist = open_checklist(volunteer_id)
    if checklist is None or still_to_come_back(checklist):
        return False
    checklist.closed_on = max(on, checklist.opened_on)
    db.session.flush()
    record("kit_checklist_closed", "volunteer", volunteer_id, detail={"checklist_id": checklist.id})
    return True
