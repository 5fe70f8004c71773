"""A volunteer's record over time: edits, pausing, leaving and re-joining; every change audited."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.audit import record
from core.dated import effective_on
from core.dates import now_utc
from core.extensions import db
from core.refusals import Refusal
from kit import leaving as kit_leaving  # (a module: kit, notices and privacy import this module in turn)
from scheduling.models import Shift, ShiftSignup, SignupStatus
from schemes.models import PostState
from volunteers import rules
from volunteers.leaving_reasons import LeavingReason, leaving_reason_from_cell
from volunteers.models import Programme, ProgrammeMembership, StatusEvent, Volunteer, VolunteerStatus
from volunteers.people import (
    CADET_FIELDS,
    CITIZEN_FIELDS,
    CONTACT_FIELDS,
    LEADER_FIELDS,
    PERSON_FIELDS,
    SPECIAL_FIELDS,
    STAGE_DATES,
    _post_state_for,
    _skills,
    _status,
    apply_changes,
    check_age,
    check_not_duplicate,
    check_stage_dates,
    check_warrant_number_free,
    flush_refusing_taken_warrant,
)

# --- Editing --------------------------------------------------------------------------------


def update_person(volunteer: Volunteer, data: dict, today: date, by: int | None = None) -> dict[str, list]:
    """Edit the shared facts; refuses duplicates and age rules the person's roles would break."""
    first = data.get("first_name", volunteer.first_name)
    last = data.get("last_name", volunteer.last_name)
    born = data.get("date_of_birth", volunteer.date_of_birth)
    check_not_duplicate(first, last, born, data.get("email", volunteer.email), exclude_id=volunteer.id)
    if volunteer.status != VolunteerStatus.LEFT and born != volunteer.date_of_birth:
        for kind, present in (
            ("cadet", volunteer.cadet),
            ("special", volunteer.special),
            ("cadet_leader", volunteer.cadet_leader),
            ("active_citizen", volunteer.active_citizen),
        ):
            if present is not None:
                check_age(kind, born, today)
    changes = apply_changes(volunteer, data, PERSON_FIELDS)
    if "district_id" in changes:
        _status(volunteer, StatusEvent.MOVED, today, None, "District changed", by)
        kit_leaving.ask_for_kit_back(volunteer.id, today, "transferred")
    if changes:
        record("volunteer_updated", "volunteer", volunteer.id, detail={"changes": changes})
    return changes


def update_contact(volunteer: Volunteer, data: dict) -> dict[str, list]:
    """Self-service: only the contact details (email, phone, address, postcode)."""
    contact = {k: v for k, v in data.items() if k in CONTACT_FIELDS}
    if contact.get("email") and contact["email"] != volunteer.email:
        check_not_duplicate(volunteer.first_name, volunteer.last_name, None, contact["email"], exclude_id=volunteer.id)
    changes = apply_changes(volunteer, contact, CONTACT_FIELDS)
    if changes:
        record("volunteer_contact_updated", "volunteer", volunteer.id, detail={"changes": changes})
    return changes


def update_role(volunteer: Volunteer, kind: str, data: dict, today: date, by: int | None = None) -> dict[str, list]:
    """Edit the detail of one role the person holds (rank, stage and dates, unit, role type ...)."""
    if kind in ("special", "csc"):
        special = volunteer.special
        if special is None:
            raise Refusal("This person is not a Special Constable", "kind")
        merged = {name: data.get(name, getattr(special, name)) for _s, name in STAGE_DATES}
        check_stage_dates(merged, volunteer.joined_on)
        if "warrant_number" in data:
            check_warrant_number_free(data["warrant_number"], volunteer.id)
        old_rank, old_stage = special.rank_id, special.stage
        changes = apply_changes(special, data, SPECIAL_FIELDS)
        if "warrant_number" in changes:
            flush_refusing_taken_warrant(special.warrant_number)
        if "skill_ids" in data:
            before = sorted(s.id for s in special.skills)
            if before != sorted(data["skill_ids"]):
                special.skills = _skills(data["skill_ids"])
                changes["skills"] = [before, sorted(data["skill_ids"])]
        if "command_id" in changes:  # posted to another command: a transfer
            kit_leaving.ask_for_kit_back(volunteer.id, today, "transferred")
        if special.rank_id != old_rank:
            _status(volunteer, StatusEvent.PROMOTED, today, Programme.SPECIAL, "Rank changed", by)
        if special.stage != old_stage:
            stage_day = {stage: getattr(special, name) for stage, name in STAGE_DATES}.get(special.stage)
            _status(volunteer, StatusEvent.STAGE, stage_day or today, Programme.SPECIAL, special.stage.label, by)
            if special.csc_post is not None:
                special.csc_post.state, special.csc_post.state_since = _post_state_for(special.stage), today
    elif kind == "cadet":
        if volunteer.cadet is None:
            raise Refusal("This person is not a cadet", "kind")
        changes = apply_changes(volunteer.cadet, data, CADET_FIELDS)
    elif kind == "cadet_leader":
        if volunteer.cadet_leader is None:
            raise Refusal("This person is not a cadet leader", "kind")
        changes = apply_changes(volunteer.cadet_leader, data, LEADER_FIELDS)
    elif kind == "active_citizen":
        if volunteer.active_citizen is None:
            raise Refusal("This person is not an Active Citizen", "kind")
        changes = apply_changes(volunteer.active_citizen, data, CITIZEN_FIELDS)
    else:
        raise Refusal("Unknown role", "kind")
    if changes:
        record("volunteer_updated", "volunteer", volunteer.id, detail={"role": kind, "changes": changes})
    return changes


# --- Leaving and re-joining -----------------------------------------------------------------


def leave(
    volunteer: Volunteer,
    on: date,
    reason: LeavingReason | str,
    today: date,
    by: int | None = None,
    detail: str | None = None,
) -> None:
    """Record that someone left, and why: memberships end, a CSC post falls vacant, their places on shifts
    not yet started are given up (the waiting list moves up), history and audit."""

    with effective_on(on):  # the dated history (post held, post state) changes on the day they left
        _leave(volunteer, on, _reason(reason), (detail or "").strip() or None, today, by)
        db.session.flush()


def _reason(reason: LeavingReason | str | None) -> LeavingReason:
    found = reason if isinstance(reason, LeavingReason) else leaving_reason_from_cell(reason)
    if found is None:
        raise Refusal("Choose the reason for leaving", "reason")
    return found


def _leave(volunteer: Volunteer, on: date, reason: LeavingReason, detail: str | None, today: date, by) -> None:
    if volunteer.status == VolunteerStatus.LEFT:
        raise Refusal("This person has already left", "left_on")
    if reason == LeavingReason.OTHER and not detail:
        raise Refusal("Enter why they left", "detail")
    if detail and len(detail) > 200:
        raise Refusal("Why they left must be 200 characters or fewer", "detail")
    if on > today:
        raise Refusal("Date left must be today or in the past", "left_on")
    open_spells = [m for m in volunteer.memberships if m.ended_on is None]
    latest_start = max([volunteer.joined_on] + [m.started_on for m in open_spells])
    if on < latest_start:
        raise Refusal(f"Date left must not be before {latest_start:%-d %B %Y}, when they joined", "left_on")
    for membership in open_spells:
        membership.ended_on, membership.left_because, membership.end_reason = on, reason, detail
    volunteer.status, volunteer.left_on = VolunteerStatus.LEFT, on
    volunteer.left_because, volunteer.leave_reason = reason, detail
    words = f"{reason.label}: {detail}" if detail else reason.label
    special = volunteer.special
    if special is not None and special.csc_post is not None:
        post = special.csc_post
        post.state, post.state_since = PostState.VACANT_AFTER_LEAVER, on
        words = f"{words} (CSC post {post.id} now vacant)"
        special.csc_post_id = None
    _status(volunteer, StatusEvent.LEFT, on, None, words, by)
    kit_leaving.ask_for_kit_back(volunteer.id, on, "left")
    given_up = give_up_shift_places(volunteer.id)
    record(
        "volunteer_left",
        "volunteer",
        volunteer.id,
        detail={
            "left_on": on.isoformat(),
            "reason": reason.label,  # as the audit log reads it ("Joined the regular force ...")
            "memberships_ended": [m.programme.value for m in open_spells],
            "shift_places_given_up": given_up,
        },
    )


def give_up_shift_places(volunteer_id: int) -> list[int]:
    """A leaver's places and waiting places on shifts not yet started (nor cancelled) are withdrawn, each through
    the roster's own withdrawal, so the first person waiting moves up and is told. Returns the shifts' ids."""
    from scheduling.rosters.signups import withdraw  # lazily: scheduling imports the volunteer records

    now = now_utc()
    shift_ids = list(
        db.session.scalars(
            sa.select(ShiftSignup.shift_id)
            .join(Shift, Shift.id == ShiftSignup.shift_id)
            .where(
                ShiftSignup.volunteer_id == volunteer_id,
                ShiftSignup.status.in_((SignupStatus.CONFIRMED, SignupStatus.WAITING)),
                Shift.starts_at > now,
                Shift.cancelled.is_(False),
            )
            .order_by(Shift.starts_at, Shift.id)
        )
    )
    for shift_id in shift_ids:
        withdraw(shift_id, volunteer_id, now)
    return shift_ids


def rejoin(volunteer: Volunteer, on: date, today: date, by: int | None = None) -> list[Programme]:
    """Bring a leaver back in the programmes they left (those their age still allows)."""
    if volunteer.status != VolunteerStatus.LEFT or volunteer.left_on is None:
        raise Refusal("Only someone who has left can re-join", "rejoined_on")
    if on < volunteer.left_on or on > today:
        raise Refusal(f"Date re-joined must be between {volunteer.left_on:%-d %B %Y} and today", "rejoined_on")
    ended = {m.programme for m in volunteer.memberships if m.ended_on == volunteer.left_on} - {Programme.CSC}
    back = []
    for programme in sorted(ended, key=lambda p: p.value):
        kind = "cadet" if programme in (Programme.CADET, Programme.JUNIOR_CADET) else "adult"
        try:
            if kind == "cadet":
                band = rules.cadet_band(volunteer.date_of_birth, on)
                programme = Programme.JUNIOR_CADET if band == "junior" else Programme.CADET
            elif volunteer.date_of_birth:
                rules.require_adult(volunteer.date_of_birth, on)
        except Refusal:  # too young or too old for it now
            continue
        if programme not in back:
            back.append(programme)
    if not back:
        raise Refusal("No programme they left is open to them at their age: add a new role", "rejoined_on")
    for programme in back:
        db.session.add(ProgrammeMembership(volunteer_id=volunteer.id, programme=programme, started_on=on))
    volunteer.status, volunteer.left_on = VolunteerStatus.ACTIVE, None
    volunteer.left_because, volunteer.leave_reason = None, None
    _status(volunteer, StatusEvent.REJOINED, on, back[0], ", ".join(p.label for p in back), by)
    record(
        "volunteer_rejoined",
        "volunteer",
        volunteer.id,
        detail={"on": on.isoformat(), "programmes": [p.value for p in back]},
    )
    return back


def pause(volunteer: Volunteer, on: date, reason: str, today: date, by: int | None = None) -> None:
    """Pause an active volunteer (a break, not leaving: memberships stay open)."""
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise Refusal("Only an active volunteer can be paused", "on")
    if not reason:
        raise Refusal("Enter the reason for the pause", "reason")
    if on > today or on < volunteer.joined_on:
        raise Refusal("The date must be between the date they joined and today", "on")
    volunteer.status = VolunteerStatus.PAUSED
    _status(volunteer, StatusEvent.PAUSED, on, None, reason, by)
    record("volunteer_paused", "volunteer", volunteer.id, detail={"on": on.isoformat(), "reason": reason})


def resume(volunteer: Volunteer, on: date, today: date, by: int | None = None) -> None:
    """End a pause."""
    if volunteer.status != VolunteerStatus.PAUSED:
        raise Refusal("Only a paused volunteer can resume", "on")
    if on > today or on < volunteer.joined_on:
        raise Refusal("The date must be between the date they joined and today", "on")
    volunteer.status = VolunteerStatus.ACTIVE
    _status(volunteer, StatusEvent.RESUMED, on, None, None, by)
    record("volunteer_resumed", "volunteer", volunteer.id, detail={"on": on.isoformat()})
