"""What a volunteer is told about their duties when someone else decides or changes them (kind "duty_decided").

Approved, rejected (with the reason), changed, or logged for them by someone else: one notice per volunteer
per action, so approving forty duties at once tells each person once, summing up theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

import notices
from core.dates import LONDON
from scheduling.models import Duty

KIND = "duty_decided"


def _hours(minutes: int) -> str:
    """9 hours, 1 hour 30 minutes, 25 minutes."""
    hours, rest = divmod(minutes, 60)
    words = [f"{hours} hour{'' if hours == 1 else 's'}"] if hours else []
    words += [f"{rest} minute{'' if rest == 1 else 's'}"] if rest or not hours else []
    return " ".join(words)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def duty_words(duty: Duty) -> str:
    """A duty as its volunteer knows it: 3 December 2026, 18:00 to 22:00."""
    start, end = duty.starts_at.astimezone(LONDON), duty.ends_at.astimezone(LONDON)
    return f"{_day(duty.duty_date)}, {start:%H:%M} to {end:%H:%M}"


def _link(duty: Duty) -> str:
    return f"/scheduling/duties/{duty.id}"


class _Item(NamedTuple):
    volunteer_id: int
    day: date
    minutes: int
    words: str  # the duty in words, when it is the only one
    link: str | None


def _item(duty: Duty) -> _Item:
    return _Item(duty.volunteer_id, duty.duty_date, duty.minutes, duty_words(duty), _link(duty))


def _tell_each(items: Iterable[_Item], verb: str) -> int:
    """One notice per volunteer: their one duty named, or their several summed up; returns how many were told."""
    by_volunteer: dict[int, list[_Item]] = defaultdict(list)
    for item in items:
        by_volunteer[item.volunteer_id].append(item)
    texts: dict[tuple[str, str | None], list[int]] = defaultdict(list)  # the same words: one send for them all
    for volunteer_id, theirs in by_volunteer.items():
        if len(theirs) == 1:
            text, link = f"Your duty on {theirs[0].words} was {verb}.", theirs[0].link
        else:
            first, last = min(d.day for d in theirs), max(d.day for d in theirs)
            span = _day(first) if first == last else f"{_day(first)} to {_day(last)}"
            hours = _hours(sum(d.minutes for d in theirs))
            text = f"{len(theirs)} of your duties ({span}, {hours} in all) were {verb}."
            link = "/scheduling/duties?status=approved"
        texts[(text, link)].append(volunteer_id)
    for (text, link), volunteer_ids in texts.items():
        notices.send(text, link, volunteer_ids=volunteer_ids, kind=KIND)
    return len(by_volunteer)


def tell_approved(duties: Iterable[Duty]) -> int:
    """Tell each volunteer once that their duties were approved (several at once summed up); how many were told."""
    return _tell_each((_item(d) for d in duties), "approved")


def tell_imported(rows: Iterable[dict]) -> int:
    """Tell each volunteer once of the duties a coordinator imported for them (approved at once)."""
    items = []
    for row in rows:
        start, end = row["starts_at"].astimezone(LONDON), row["ends_at"].astimezone(LONDON)
        words = f"{_day(row['duty_date'])}, {start:%H:%M} to {end:%H:%M}"
        items.append(_Item(row["volunteer_id"], row["duty_date"], row["minutes"], words, "/scheduling/duties"))
    return _tell_each(items, "recorded for you by a coordinator and approved")


def tell_rejected(duty: Duty) -> None:
    """Tell the volunteer their duty was rejected, and why."""
    notices.send(
        f"Your duty on {duty_words(duty)} was rejected: {duty.rejection_reason}",
        _link(duty),
        volunteer_ids=[duty.volunteer_id],
        kind=KIND,
    )


def tell_changed(duty: Duty) -> None:
    """Tell the volunteer someone else changed their duty (it goes back for approval)."""
    notices.send(
        f"Your duty on {duty_words(duty)} was changed by someone else: it will be approved again.",
        _link(duty),
        volunteer_ids=[duty.volunteer_id],
        kind=KIND,
    )


def tell_logged(duty: Duty) -> None:
    """Tell the volunteer someone else logged a duty for them (approved at once when staff log it)."""
    state = "it is approved" if duty.reviewed_at is not None else "it waits for approval"
    notices.send(
        f"A duty on {duty_words(duty)} was logged for you: {state}.",
        _link(duty),
        volunteer_ids=[duty.volunteer_id],
        kind=KIND,
    )
