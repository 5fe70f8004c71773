"""Sending a call-out and reading how it is going: who was asked, accepted, declined, did not answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

import notices
from core.audit import record
from core.dates import now_utc
from core.extensions import db
from core.models import User
from core.refusals import Refusal
from scheduling.callouts import links
from scheduling.callouts.models import Answer, Callout, CalloutInvite, closes_at
from scheduling.callouts.people import available_people
from scheduling.models import Shift, ShiftSignup, SignupStatus
from scheduling.rosters.changes import when
from scheduling.rosters.signups import confirmed_count
from volunteers.models import Volunteer


def free_places(shift: Shift) -> int:
    """How many of the shift's places are not yet taken."""
    return max(shift.places - confirmed_count(shift.id), 0)


def message_for(shift_words: str, code: str) -> str:
    """What the person asked reads (in the app, by email or by text); ``shift_words`` is "<title>, <when>"."""
    return (
        f"Call-out: can you do {shift_words}? Open the link to book a place or to say you cannot, "
        f"or reply YES {code} (NO {code} if you cannot)."
    )


def send_callout(shift: Shift, user: User, chosen: Iterable[int] | None, now: datetime | None = None) -> Callout:
    """Ask the chosen people (None: everyone the user may call) to take the shift; each is told with their own link."""
    now = now or now_utc()
    if shift.cancelled or shift.starts_at <= now or closes_at(shift) <= now:
        raise Refusal("This shift is no longer open for sign-up", "shift_id")
    if free_places(shift) <= 0:
        raise Refusal("This shift has no free places", "shift_id")
    callable_ids = [p.volunteer_id for p in available_people(shift, user, now)]
    if chosen is None:
        # "All" leaves out people already asked for this shift (they have their link) or who said no.
        asked = earlier_answers(shift.id)
        ids = [vid for vid in callable_ids if vid not in asked]
    else:
        ids = sorted(set(chosen))
        if set(ids) - set(callable_ids):
            raise Refusal(
                "Some of the people chosen can no longer be called for this shift: look again", "volunteer_ids"
            )
    if not ids:
        raise Refusal(
            "Choose at least one person to call" if chosen is not None else "Everyone available has been asked already",
            "volunteer_ids",
        )
    callout = Callout(shift=shift, sent_by_id=user.id, sent_at=now)
    db.session.add(callout)
    db.session.flush()
    secrets_by_person = {vid: links.new_secret() for vid in ids}
    codes = {vid: links.new_code() for vid in ids}
    db.session.execute(
        sa.insert(CalloutInvite),
        [
            {
                "callout_id": callout.id,
                "volunteer_id": vid,
                "token_hash": links.link_hash(secrets_by_person[vid]),
                "code": codes[vid],
                "answer": Answer.ASKED,
            }
            for vid in ids
        ],
    )
    shift_words = f"{shift.title}, {when(shift)}"  # once: 500 people share it
    notices.send_each(
        [(vid, message_for(shift_words, codes[vid]), links.answer_link(secrets_by_person[vid])) for vid in ids],
        kind="callout",
        subject=f"Call-out: {shift_words}",
    )
    record("callout_sent", "shift", shift.id, detail={"callout_id": callout.id, "people": len(ids)})
    return callout


def earlier_answers(shift_id: int) -> dict[int, Answer]:
    """Each person asked in an earlier call-out for the shift, and their latest answer."""
    rows = db.session.execute(
        sa.select(CalloutInvite.volunteer_id, CalloutInvite.answer)
        .join(Callout, Callout.id == CalloutInvite.callout_id)
        .where(Callout.shift_id == shift_id)
        .order_by(CalloutInvite.id)
    )
    return {vid: Answer(answer) for vid, answer in rows}


def callouts_for(shift_id: int) -> list[Callout]:
    """The shift's call-outs, newest first."""
    return list(
        db.session.scalars(sa.select(Callout).where(Callout.shift_id == shift_id).order_by(Callout.sent_at.desc()))
    )


def status_label(invite_answer: Answer, expired: bool, place: SignupStatus | None = None) -> str:
    """How the coordinator's table shows one person's answer; an acceptance as their place is now (promoted off
    the waiting list, or withdrawn since)."""
    if invite_answer == Answer.ASKED:
        return "Did not answer" if expired else "Asked, no answer yet"
    if invite_answer in (Answer.ACCEPTED, Answer.WAITING) and place is not None:
        if place == SignupStatus.WITHDRAWN:
            return "Accepted, then withdrew"
        return Answer.WAITING.label if place == SignupStatus.WAITING else Answer.ACCEPTED.label
    return invite_answer.label


def board(callout: Callout, visible: sa.Select | None, now: datetime | None = None) -> dict:
    """Who was asked and how each answered (people the viewer may see), with counts by status."""
    now = now or now_utc()
    expired = callout.closes_at <= now
    stmt = (
        sa.select(
            CalloutInvite.id,
            Volunteer.first_name + " " + Volunteer.last_name,
            CalloutInvite.answer,
            CalloutInvite.answered_at,
            CalloutInvite.answered_by,
            ShiftSignup.status,
        )
        .join(Volunteer, Volunteer.id == CalloutInvite.volunteer_id)
        .outerjoin(
            ShiftSignup,
            sa.and_(ShiftSignup.shift_id == callout.shift_id, ShiftSignup.volunteer_id == CalloutInvite.volunteer_id),
        )
        .where(CalloutInvite.callout_id == callout.id)
        .order_by(Volunteer.last_name, Volunteer.first_name, CalloutInvite.id)
    )
    if visible is not None:
        stmt = stmt.where(CalloutInvite.volunteer_id.in_(visible))
    rows = [
        {
            "id": invite_id,
            "name": name,
            "status": status_label(Answer(answer), expired, SignupStatus(place) if place else None),
            "answered_at": answered_at,
            "by": {"link": "Link", "text": "Text reply"}.get(by or "", ""),
        }
        for invite_id, name, answer, answered_at, by, place in db.session.execute(stmt)
    ]
    counts = Counter(row["status"] for row in rows)
    return {"rows": rows, "counts": dict(counts), "expired": expired, "asked": len(rows)}
