"""Answering a call-out: by its one-tap link or a text reply; accepting books through sign-up's own rules.

The link is single use: accepting or declining claims the invite with a conditional update (answered_at IS
NULL) in the same transaction as the booking, so two taps, or a tap and a text, answer once.
"""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

import notices
from core.audit import record
from core.extensions import db
from core.models import User
from core.refusals import Refusal
from scheduling.callouts import links
from scheduling.callouts.models import Answer, Callout, CalloutInvite
from scheduling.locks import lock_volunteers
from scheduling.models import SignupStatus
from scheduling.rosters.changes import when
from scheduling.rosters.signups import shift_link, sign_up
from volunteers.models import Volunteer

# Why a link is refused, as the field of its Refusal; the answer page's status follows it.
UNKNOWN, USED, EXPIRED, SOMEONE_ELSE = "link_unknown", "link_used", "link_expired", "link_someone_else"
TEXT_REPLY = re.compile(r"^\s*(yes|y|no|n)\b[\s:.,-]*([a-z0-9]{4,8})\b", re.IGNORECASE)


def invite_for_link(raw: str) -> CalloutInvite | None:
    """The invite a link secret belongs to, or None (a tampered or unknown link)."""
    if not raw or len(raw) > 100:
        return None
    return db.session.scalars(
        sa.select(CalloutInvite)
        .where(CalloutInvite.token_hash == links.link_hash(raw))
        .options(joinedload(CalloutInvite.callout).joinedload(Callout.shift), joinedload(CalloutInvite.volunteer))
        .execution_options(populate_existing=True)
    ).first()


def check_link(raw: str, user: User | None, now: datetime) -> CalloutInvite:
    """The invite a link may still answer; a Refusal (its field says why) when it may not."""
    invite = invite_for_link(raw)
    if invite is None:
        raise Refusal("This link is not valid. Check you used the whole link from your message.", UNKNOWN)
    if user is not None and getattr(user, "is_authenticated", False) and user.volunteer_id != invite.volunteer_id:
        raise Refusal("This link was sent to someone else: only they can answer it.", SOMEONE_ELSE)
    if invite.answered_at is not None:
        raise Refusal(f"You have already answered this call-out ({invite.answer.label.lower()}).", USED)
    if invite.callout.closes_at <= now:
        raise Refusal("This call-out has closed: the shift's sign-up deadline has passed.", EXPIRED)
    return invite


def _claim(invite: CalloutInvite, answer: Answer, now: datetime, via: str) -> None:
    """Mark the invite answered, once: a second answer (another tap, a text) finds it taken."""
    claimed = db.session.execute(
        sa.update(CalloutInvite)
        .where(CalloutInvite.id == invite.id, CalloutInvite.answered_at.is_(None))
        .values(answer=answer, answered_at=now, answered_by=via)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise Refusal("You have already answered this call-out.", USED)


def accept_invite(invite: CalloutInvite, now: datetime, via: str) -> Answer:
    """Book the person on the shift (or its waiting list when full) and spend the invite, in one transaction."""
    lock_volunteers(db.session.connection(), [invite.volunteer_id])  # the lock order of scheduling/locks.py
    _claim(invite, Answer.ACCEPTED, now, via)
    volunteer = db.session.get(Volunteer, invite.volunteer_id)
    signup = sign_up(invite.callout.shift_id, volunteer, now=now)
    answer = Answer.WAITING if signup.status == SignupStatus.WAITING else Answer.ACCEPTED
    if answer == Answer.WAITING:
        db.session.execute(
            sa.update(CalloutInvite)
            .where(CalloutInvite.id == invite.id)
            .values(answer=answer)
            .execution_options(synchronize_session=False)
        )
    record("callout_accepted", "shift", invite.callout.shift_id, detail={"volunteer_id": invite.volunteer_id})
    return answer


def decline_invite(invite: CalloutInvite, now: datetime, via: str) -> Answer:
    """Record that the person cannot come; the invite is spent."""
    _claim(invite, Answer.DECLINED, now, via)
    record("callout_declined", "shift", invite.callout.shift_id, detail={"volunteer_id": invite.volunteer_id})
    return Answer.DECLINED


def answer_by_link(raw: str, accept: bool, user: User | None, now: datetime) -> tuple[CalloutInvite, Answer]:
    """Accept (book) or decline through the one-tap link; a Refusal when the link or the booking is refused."""
    invite = check_link(raw, user, now)
    answer = accept_invite(invite, now, "link") if accept else decline_invite(invite, now, "link")
    return invite, answer


def phone_key(number: str | None) -> str:
    """A phone number reduced to compare: digits only, UK +44 written as a leading 0."""
    digits = re.sub(r"\D", "", number or "")
    return "0" + digits[2:] if digits.startswith("44") else digits


def invite_for_text(code: str, source_number: str, now: datetime) -> CalloutInvite | None:
    """The open invite with this code sent to the person whose phone the text came from."""
    sender = phone_key(source_number)
    if not sender:
        return None
    candidates = db.session.scalars(
        sa.select(CalloutInvite)
        .join(Callout, Callout.id == CalloutInvite.callout_id)
        .where(CalloutInvite.code == code.upper(), CalloutInvite.answered_at.is_(None))
        .options(joinedload(CalloutInvite.volunteer), joinedload(CalloutInvite.callout).joinedload(Callout.shift))
    ).all()
    return next((i for i in candidates if phone_key(i.volunteer.phone) == sender and i.callout.closes_at > now), None)


def answer_by_text(message: str, source_number: str, now: datetime) -> tuple[str, CalloutInvite | None]:
    """Act on a text reply ("YES K7PM2Q" or "NO K7PM2Q"); returns what happened and the invite it answered."""
    found = TEXT_REPLY.match(message or "")
    if not found:
        return "not_understood", None
    invite = invite_for_text(found.group(2), source_number, now)
    if invite is None:
        return "unknown_code", None
    shift = invite.callout.shift
    if found.group(1).lower().startswith("y"):
        answer = accept_invite(invite, now, "text")
        text = (
            f"You are on the waiting list for {shift.title} ({when(shift)})."
            if answer == Answer.WAITING
            else f"You are booked on {shift.title} ({when(shift)})."
        )
    else:
        answer = decline_invite(invite, now, "text")
        text = f"Thank you: we have noted you cannot do {shift.title} ({when(shift)})."
    notices.send(text, shift_link(shift), volunteer_ids=[invite.volunteer_id], kind="callout")
    return answer.value, invite


def tell_refused(message: str, source_number: str, problem: Refusal, now: datetime) -> None:
    """Tell the person who texted why their answer could not book them (the booking was rolled back)."""
    found = TEXT_REPLY.match(message or "")
    invite = invite_for_text(found.group(2), source_number, now) if found else None
    if invite is not None:
        shift = invite.callout.shift
        notices.send(
            f"We could not book you on {shift.title} ({when(shift)}): {problem.message}",
            shift_link(shift),
            volunteer_ids=[invite.volunteer_id],
            kind="callout",
        )
