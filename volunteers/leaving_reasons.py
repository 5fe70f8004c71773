"""Why someone left, as the force records it (and the Home Office return counts it), from one list.

The reason is chosen from ``LeavingReason``; anything more is free text beside it (the detail). A Special who
left to become a police constable is ``JOINED_REGULARS``: the return's "left to join the regular force".
"""

from __future__ import annotations

from core.models import LabelledEnum, special_labels


@special_labels(
    joined_regulars="Joined the regular force (police constable)",
    work="Work commitments",
    family="Family or personal commitments",
    health="Health",
    dissatisfied="Dissatisfied or did not enjoy it",
    dismissed="Dismissed or required to resign",
    not_confirmed="End of probation, not confirmed",
)
class LeavingReason(LabelledEnum):
    """The reasons for leaving a force records, in the order the leaving form offers them."""

    JOINED_REGULARS = "joined_regulars"
    MOVED_AWAY = "moved_away"
    WORK = "work"
    FAMILY = "family"
    HEALTH = "health"
    DISSATISFIED = "dissatisfied"
    DISMISSED = "dismissed"
    NOT_CONFIRMED = "not_confirmed"
    RETIRED = "retired"
    OTHER = "other"


def leaving_reason_from_cell(text: str | None) -> LeavingReason | None:
    """A reason written in a file as its code ("moved_away") or its label ("Moved away"), any case; else None."""
    wanted = (text or "").strip().lower()
    if not wanted:
        return None
    for reason in LeavingReason:
        if wanted in (reason.value, reason.label.lower()):
            return reason
    return None
