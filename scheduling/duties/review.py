"""Reviewing duties: approve or reject one, or approve many at once (a selection, or a page of the queue).

Every decision locks the duties' volunteers first (scheduling/locks.py: ascending id, the order every duty
writer takes) and then reads the duties afresh, so two reviewers deciding the same duties at once take
turns: the second finds them already decided and skips them. Each approval is audited on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import joinedload

from core.audit import record
from core.dates import now_utc
from core.extensions import db
from core.models import Role, User
from core.permissions import STAFF, scoped_select
from core.refusals import Refusal
from scheduling.duties import told
from scheduling.locks import lock_volunteers
from scheduling.models import Duty, DutyStatus

MAX_AT_ONCE = 1000  # the largest page of the queue (CIP_PAGE_SIZE's upper bound)


def may_review(actor: User, duty: Duty) -> bool:
    """Supervisors and staff review duties in their scope, never their own."""
    if actor.role not in STAFF and actor.role != Role.SUPERVISOR:
        return False
    return actor.volunteer_id is None or actor.volunteer_id != duty.volunteer_id


@dataclass
class Decisions:
    """What approving several duties did: those approved, and those skipped with the reason."""

    approved: list[Duty] = field(default_factory=list)
    skipped: list[tuple[Duty, str]] = field(default_factory=list)
    not_found: int = 0  # ids that are no duty in the reviewer's area


def _locked_duties(actor: User, duty_ids: Iterable[int]) -> tuple[list[Duty], int]:
    """The duties among ``duty_ids`` in the actor's area, read afresh once their volunteers' rows are locked
    (by id), and how many of the ids were not found there."""
    ids = sorted(set(duty_ids))
    if not ids:
        return [], 0
    in_area = scoped_select(Duty, actor).where(Duty.id.in_(ids))
    volunteer_ids = db.session.scalars(in_area.with_only_columns(Duty.volunteer_id).distinct()).all()
    lock_volunteers(db.session.connection(), volunteer_ids)
    duties = db.session.scalars(
        in_area.options(joinedload(Duty.volunteer))
        .order_by(Duty.id)
        .execution_options(populate_existing=True)  # the status another reviewer committed while we waited
    ).all()
    return list(duties), len(ids) - len(duties)


def _why_not(actor: User, duty: Duty) -> str | None:
    if not may_review(actor, duty):
        return "you may not approve your own duty"
    if duty.status != DutyStatus.PENDING:
        return f"already {duty.status.label.lower()}"
    return None


def _approve(duty: Duty, actor: User) -> None:
    duty.status = DutyStatus.APPROVED
    duty.reviewed_by_id = actor.id
    duty.reviewed_at = now_utc()
    duty.rejection_reason = None
    record("duty_approved", "duty", duty.id, detail={"minutes": duty.minutes})


def approve_duties(duty_ids: Iterable[int], actor: User) -> Decisions:
    """Approve the pending duties among ``duty_ids`` in the actor's area, each audited; skip (and report) those
    already decided or the actor's own. The caller commits."""
    ids = list(duty_ids)
    if len(set(ids)) > MAX_AT_ONCE:
        raise Refusal(f"Approve at most {MAX_AT_ONCE} duties at once", "duty")
    duties, not_found = _locked_duties(actor, ids)
    result = Decisions(not_found=not_found)
    for duty in duties:
        reason = _why_not(actor, duty)
        if reason is None:
            _approve(duty, actor)
            result.approved.append(duty)
        else:
            result.skipped.append((duty, reason))
    db.session.flush()  # the hours ledger follows the approved duties (its hooks run at flush)
    told.tell_approved(result.approved)  # one notice per volunteer, summing up theirs
    return result


def _one_locked(duty: Duty, actor: User) -> Duty:
    duties, _ = _locked_duties(actor, [duty.id])
    if not duties:
        raise Refusal("No duty in your area has that number", "status")
    return duties[0]


def approve_duty(duty: Duty, actor: User) -> Duty:
    """Approve a pending duty."""
    if not may_review(actor, duty):
        raise Refusal("You may not approve this duty", "status")
    duty = _one_locked(duty, actor)
    if duty.status != DutyStatus.PENDING:
        raise Refusal(f"This duty is already {duty.status.label.lower()}", "status")
    _approve(duty, actor)
    told.tell_approved([duty])
    return duty


def reject_duty(duty: Duty, actor: User, reason: str) -> Duty:
    """Reject a pending duty, with a reason the volunteer sees."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("Give a reason for rejecting the duty", "reason")
    if len(reason) > 300:
        raise Refusal("The reason must be 300 characters or fewer", "reason")
    if not may_review(actor, duty):
        raise Refusal("You may not reject this duty", "status")
    duty = _one_locked(duty, actor)
    if duty.status != DutyStatus.PENDING:
        raise Refusal(f"This duty is already {duty.status.label.lower()}", "status")
    duty.status = DutyStatus.REJECTED
    duty.reviewed_by_id = actor.id
    duty.reviewed_at = now_utc()
    duty.rejection_reason = reason
    record("duty_rejected", "duty", duty.id, detail={"reason": reason})
    told.tell_rejected(duty)
    return duty
