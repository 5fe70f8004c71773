"""Writing volunteers: create, add a role, edit, leave and re-join; every change audited.

Callers pass plain dicts of already-parsed values. A refusal raises ``Refusal``
naming the field before anything is flushed; the caller commits once (or rolls back).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.audit import record
from core.extensions import db
from core.refusals import Refusal
from schemes.models import CscPost, PostState
from volunteers import rules
from volunteers.models import (
    ActiveCitizen,
    Cadet,
    CadetLeader,
    DofeLevel,
    LearningStage,
    Programme,
    ProgrammeMembership,
    Skill,
    SpecialConstable,
    StatusChange,
    StatusEvent,
    Volunteer,
    VolunteerRoleType,
    VolunteerStatus,
)

KINDS = {
    "special": "Special Constable",
    "csc": "Community Special Constable",
    "cadet": "Volunteer Police Cadet or junior cadet",
    "cadet_leader": "Cadet leader",
    "active_citizen": "Active Citizen / Police Support Volunteer",
}
PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "date_of_birth", "address", "postcode", "district_id")
CONTACT_FIELDS = ("email", "phone", "address", "postcode")
STAGE_DATES = (
    (LearningStage.INITIAL_LEARNING, "initial_learning_on"),
    (LearningStage.ACCOMPANIED_PATROL, "accompanied_patrol_on"),
    (LearningStage.INDEPENDENT_PATROL, "independent_patrol_on"),
    (LearningStage.QUALIFIED, "qualified_on"),
)
SPECIAL_FIELDS = (
    "warrant_number",
    "rank_id",
    "command_id",
    "stage",
    *(name for _stage, name in STAGE_DATES),
    "monthly_commitment_minutes",
    "esp_business_id",
)
CADET_FIELDS = (
    "cadet_unit_id",
    "guardian_name",
    "guardian_phone",
    "guardian_email",
    "guardian_consent_on",
    "referral_source",
    "referred_by_partner_agency",
    "dofe_level",
    "dofe_progress_percent",
)
LEADER_FIELDS = ("cadet_unit_id", "is_unit_lead")
CITIZEN_FIELDS = ("role_type_id", "is_leader", "barred_list_checked_on")


TAKEN_WARRANT = "Warrant number {} is already held by another Special Constable"


def _plain(value: Any) -> Any:
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def apply_changes(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, list]:
    """Set the given fields on ``obj``; return {field: [before, after]} for those that changed."""
    changes = {}
    for name in fields:
        if name not in data:
            continue
        before, after = getattr(obj, name), data[name]
        if before != after:
            changes[name] = [_plain(before), _plain(after)]
            setattr(obj, name, after)
    return changes


# --- Checks --------------------------------------------------------------------------------


def check_not_duplicate(first: str, last: str, born: date | None, email: str | None, exclude_id: int | None = None):
    """Refuse a second record for the same person (same email, or same name and date of birth)."""
    others = sa.select(Volunteer.id).where(Volunteer.id != (exclude_id or -1))
    if email and db.session.scalar(others.where(sa.func.lower(Volunteer.email) == email.lower())):
        raise Refusal(f"Someone is already recorded with the email address {email}", "email")
    if born and db.session.scalar(
        others.where(
            sa.func.lower(Volunteer.first_name) == first.lower(),
            sa.func.lower(Volunteer.last_name) == last.lower(),
            Volunteer.date_of_birth == born,
        )
    ):
        raise Refusal(
            f"{first} {last}, born {born:%-d %B %Y}, is already recorded: add a role to their record instead",
            "first_name",
        )


def check_warrant_number_free(warrant_number: str | None, volunteer_id: int | None = None) -> None:
    """A warrant number belongs to one Special Constable: refuse one another Special already holds."""
    if not warrant_number:
        return
    holder = db.session.scalar(
        sa.select(SpecialConstable.volunteer_id).where(
            sa.func.lower(SpecialConstable.warrant_number) == warrant_number.strip().lower(),
            SpecialConstable.volunteer_id != (volunteer_id or -1),
        )
    )
    if holder is not None:
        raise Refusal(TAKEN_WARRANT.format(warrant_number), "warrant_number")


def flush_refusing_taken_warrant(warrant_number: str | None) -> None:
    """Flush; a warrant number another writer took after our check is refused on its field, never a 500.

    The UNIQUE constraint decides between two simultaneous writers; the caller rolls back on the refusal."""
    try:
        db.session.flush()
    except IntegrityError as problem:
        if "warrant_number" not in str(problem.orig):
            raise
        raise Refusal(TAKEN_WARRANT.format(warrant_number), "warrant_number") from problem


def check_age(kind: str, born: date | None, on: date, role_type_id: int | None = None) -> Programme | None:
    """Apply the programme's age rule; for cadets return CADET or JUNIOR_CADET by age band."""
    if kind == "cadet":
        return Programme.JUNIOR_CADET if rules.cadet_band(born, on) == "junior" else Programme.CADET
    minimum = rules.ADULT_AGE
    if kind == "active_citizen" and role_type_id:
        role_type = db.session.get(VolunteerRoleType, role_type_id)
        minimum = max(minimum, role_type.minimum_age if role_type else minimum)
    rules.require_adult(born, on, minimum, KINDS[kind])
    return None


def check_stage_dates(data: dict[str, Any], joined_on: date | None) -> None:
    """Learning-programme dates must not go backwards, nor come before joining."""
    previous, previous_label = joined_on, "the date they joined"
    for stage, name in STAGE_DATES:
        value = data.get(name)
        if value is None:
            continue
        if previous and value < previous:
            raise Refusal(f"{stage.label} date must not be before {previous_label}", name)
        previous, previous_label = value, f"the {stage.label.lower()} date"


def _free_post(post_id: int | None, holder_id: int | None = None) -> CscPost:
    post = db.session.get(CscPost, post_id) if post_id else None
    if post is None:
        raise Refusal("Choose the parish post this Community Special Constable fills", "csc_post_id")
    held_by = db.session.scalar(sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.csc_post_id == post.id))
    if held_by is not None and held_by != holder_id:
        raise Refusal("That parish post already has a Community Special Constable", "csc_post_id")
    return post


def _post_state_for(stage: LearningStage) -> PostState:
    return (
        PostState.IN_POST
        if stage in (LearningStage.INDEPENDENT_PATROL, LearningStage.QUALIFIED)
        else PostState.IN_TRAINING
    )


# --- Creating -------------------------------------------------------------------------------


def _status(volunteer: Volunteer, event: StatusEvent, on: date, programme=None, detail=None, by=None) -> None:
    db.session.add(
        StatusChange(
            volunteer_id=volunteer.id,
            event=event,
            effective_on=on,
            programme=programme,
            detail=detail,
            recorded_by_id=by,
        )
    )


def create_volunteer(kind: str, person: dict, role: dict, today: date, by: int | None = None) -> Volunteer:
    """A new person with their first role, membership and 'joined' history entry."""
    if kind not in KINDS:
        raise Refusal("Choose what kind of volunteer this is", "kind")
    joined = person.get("joined_on") or today
    if joined > today:
        raise Refusal("Date joined must be today or in the past", "joined_on")
    check_not_duplicate(person["first_name"], person["last_name"], person.get("date_of_birth"), person.get("email"))
    volunteer = Volunteer(joined_on=joined, status=VolunteerStatus.ACTIVE)
    apply_changes(volunteer, person, PERSON_FIELDS)
    db.session.add(volunteer)
    db.session.flush()
    add_role(volunteer, kind, role, joined, by=by, audit=False, today=today)
    record("volunteer_created", "volunteer", volunteer.id, detail={"kind": kind, "joined_on": joined.isoformat()})
    return volunteer


def add_role(
    volunteer: Volunteer, kind: str, role: dict, on: date, by: int | None = None, audit: bool = True, today=None
) -> Programme:
    """Give an existing person another role (no second record): detail row, membership, history."""
    if kind not in KINDS:
        raise Refusal("Choose the role to add", "kind")
    if volunteer.status == VolunteerStatus.LEFT:
        raise Refusal("This person has left: re-join them first", "kind")
    programme = check_age(kind, volunteer.date_of_birth, today or on, role.get("role_type_id"))
    if kind in ("special", "csc"):
        programme = _add_special(volunteer, kind, role)
    elif kind == "cadet":
        if volunteer.cadet is not None:
            raise Refusal("This person is already a cadet", "kind")
        if not role.get("cadet_unit_id"):
            raise Refusal("Choose the cadet unit", "cadet_unit_id")
        if not role.get("guardian_name"):
            raise Refusal("Enter the guardian's name", "guardian_name")
        cadet = Cadet(volunteer_id=volunteer.id, is_junior=programme == Programme.JUNIOR_CADET)
        apply_changes(cadet, {"dofe_level": DofeLevel.NONE, "dofe_progress_percent": 0, **role}, CADET_FIELDS)
        db.session.add(cadet)
    elif kind == "cadet_leader":
        if volunteer.cadet_leader is not None:
            raise Refusal("This person is already a cadet leader", "kind")
        if not role.get("cadet_unit_id"):
            raise Refusal("Choose the cadet unit", "cadet_unit_id")
        leader = CadetLeader(volunteer_id=volunteer.id)
        apply_changes(leader, role, LEADER_FIELDS)
        db.session.add(leader)
        programme = Programme.CADET_LEADER
    else:
        if volunteer.active_citizen is not None:
            raise Refusal("This person is already an Active Citizen", "kind")
        if not role.get("role_type_id"):
            raise Refusal("Choose the volunteer role", "role_type_id")
        citizen = ActiveCitizen(volunteer_id=volunteer.id)
        apply_changes(citizen, role, CITIZEN_FIELDS)
        db.session.add(citizen)
        programme = Programme.ACTIVE_CITIZEN
    db.session.add(ProgrammeMembership(volunteer_id=volunteer.id, programme=programme, started_on=on))
    _status(volunteer, StatusEvent.JOINED, on, programme, KINDS[kind], by)
    flush_refusing_taken_warrant(role.get("warrant_number"))
    db.session.expire(volunteer)
    if audit:
        record("volunteer_role_added", "volunteer", volunteer.id, detail={"kind": kind, "started_on": on.isoformat()})
    return programme


def _add_special(volunteer: Volunteer, kind: str, role: dict) -> Programme:
    special = volunteer.special
    if kind == "special" and special is not None:
        raise Refusal("This person is already a Special Constable", "kind")
    if kind == "csc" and special is not None and special.csc_post_id:
        raise Refusal("This person is already a Community Special Constable", "kind")
    if kind == "csc":
        post = _free_post(role.get("csc_post_id"), volunteer.id)
    if special is None:
        for name, message in (("rank_id", "Choose the rank"), ("command_id", "Choose the command or area")):
            if not role.get(name):
                raise Refusal(message, name)
        check_stage_dates(role, volunteer.joined_on)
        check_warrant_number_free(role.get("warrant_number"), volunteer.id)
        special = SpecialConstable(volunteer_id=volunteer.id, stage=role.get("stage") or LearningStage.INITIAL_LEARNING)
        apply_changes(special, role, SPECIAL_FIELDS)
        if special.initial_learning_on is None:
            special.initial_learning_on = volunteer.joined_on
        special.skills = _skills(role.get("skill_ids") or [])
        db.session.add(special)
        if kind == "csc":
            db.session.add(
                ProgrammeMembership(
                    volunteer_id=volunteer.id, programme=Programme.SPECIAL, started_on=volunteer.joined_on
                )
            )
    if kind == "csc":
        special.csc_post_id = post.id
        post.state, post.state_since = _post_state_for(special.stage), volunteer.joined_on
        return Programme.CSC
    return Programme.SPECIAL


def _skills(ids: list[int]) -> list[Skill]:
    return list(db.session.scalars(sa.select(Skill).where(Skill.id.in_(ids)))) if ids else []
