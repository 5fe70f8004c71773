"""The kinds of message the service sends: each person chooses, per kind, how they hear of it.

A kind is named where the event happens (``notices.send(..., kind="duty_decided")``); the list below
is the one catalogue, shown on the "How we contact you" page in this order.
"""

from __future__ import annotations

from typing import NamedTuple


class MessageKind(NamedTuple):
    name: str
    label: str  # as the person reads it on their preferences page


KINDS: dict[str, MessageKind] = {
    kind.name: kind
    for kind in (
        MessageKind("general", "Other messages from the Citizens in Policing team"),
        MessageKind("waiting_list", "You got a place from a waiting list"),
        MessageKind("shift_booking", "You were added to, moved on or removed from a shift"),
        MessageKind("shift_changed", "A shift you are booked on changed or was cancelled"),
        MessageKind("shift_tomorrow", "Your shift tomorrow (sent the evening before)"),
        MessageKind("duty_decided", "A duty you logged was approved, rejected or edited"),
        MessageKind("callout", "Call-outs: a shift needs people"),
        MessageKind("reminder", "Reminders: hours short, vetting or training expiring, deadlines"),
        MessageKind("expenses", "Your expense claims"),
        MessageKind("kit", "Uniform and equipment you hold"),
        MessageKind("application", "Your application to volunteer"),
    )
}


# What an account with no volunteer record (staff, a parish council, an employer) can be sent; "application"
# goes only to applicants, who have no account, so nobody chooses a channel for it.
ACCOUNT_KINDS = ("general", "reminder")
VOLUNTEER_KINDS = tuple(name for name in KINDS if name != "application")


def kinds_for(volunteer_id: int | None) -> dict[str, MessageKind]:
    """The kinds of message a person can be sent, so the kinds they choose a channel for, in catalogue order."""
    names = VOLUNTEER_KINDS if volunteer_id is not None else ACCOUNT_KINDS
    return {name: KINDS[name] for name in names}


def kind_named(name: str) -> MessageKind:
    """The message kind of this name (a programming error if it is not in the catalogue)."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown message kind {name!r}") from None
