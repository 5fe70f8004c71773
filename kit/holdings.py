"""What people hold: a person's kit, open and past, read through the kit scope."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.extensions import db
from core.models import User
from core.permissions import scoped_select
from kit.models import KitIssue, LeavingChecklist, open_issues
from volunteers.models import Cadet, Volunteer


def held_by(volunteer_id: int, issued_by: date | None = None) -> list[KitIssue]:
    """The kit a person holds now (only what was issued on or before ``issued_by``, when given), oldest first."""
    stmt = (
        sa.select(KitIssue)
        .where(KitIssue.volunteer_id == volunteer_id, open_issues())
        .order_by(KitIssue.issued_on, KitIssue.id)
    )
    if issued_by is not None:
        stmt = stmt.where(KitIssue.issued_on <= issued_by)
    return list(db.session.scalars(stmt))


def still_to_come_back(checklist: LeavingChecklist) -> list[KitIssue]:
    """What a leaving checklist asks for: the kit held when it opened (kit issued after a transfer is not on it)."""
    return held_by(checklist.volunteer_id, issued_by=checklist.opened_on)


def history_of(volunteer_id: int, user: User) -> list[KitIssue]:
    """Every issue to a person the user may see, the latest issued first."""
    stmt = (
        scoped_select(KitIssue, user)
        .where(KitIssue.volunteer_id == volunteer_id)
        .order_by(KitIssue.issued_on.desc(), KitIssue.id.desc())
    )
    return list(db.session.scalars(stmt))


def open_checklist(volunteer_id: int) -> LeavingChecklist | None:
    """The person's open leaving checklist, if any."""
    return db.session.scalar(
        sa.select(LeavingChecklist).where(
            LeavingChecklist.volunteer_id == volunteer_id, LeavingChecklist.closed_on.is_(None)
        )
    )


def led_cadets_kit(user: User) -> list[tuple[Volunteer, list[KitIssue]]]:
    """For a cadet leader: each cadet of the unit they lead (as the cadet scope says) with the kit they hold."""
    cadet_ids = (
        scoped_select(Cadet, user).with_only_columns(Cadet.volunteer_id).where(Cadet.volunteer_id != user.volunteer_id)
    )
    people = db.session.scalars(
        sa.select(Volunteer).where(Volunteer.id.in_(cadet_ids)).order_by(Volunteer.last_name, Volunteer.first_name)
    ).all()
    issues = db.session.scalars(
        scoped_select(KitIssue, user).where(KitIssue.volunteer_id.in_(cadet_ids), open_issues())
    ).all()
    by_person: dict[int, list[KitIssue]] = {}
    for issue in issues:
        by_person.setdefault(issue.volunteer_id, []).append(issue)
    return [(person, by_person.get(person.id, [])) for person in people]
