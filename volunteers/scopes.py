"""Who may see which volunteer records: registered with core.permissions at import.

- admin and coordinator: everyone;
- supervisor: read-only, the volunteers of their command (all when the account has no command);
- volunteer: only their own record (a cadet leader also sees the cadet rows of their own unit);
- parish and employer accounts: no volunteer records at all.
Cadet personal data (date of birth, guardian contact) is a second, narrower rule:
``sees_cadet_personal_data``.
"""

from __future__ import annotations

import sqlalchemy as sa

from core.models import District, Role, User
from core.permissions import STAFF, register_scope
from volunteers.models import (
    ActiveCitizen,
    Application,
    ApplicationStageChange,
    Award,
    Cadet,
    CadetLeader,
    ProgrammeMembership,
    SpecialConstable,
    SpeedWatchVolunteer,
    StatusChange,
    TrainingRecord,
    Vetting,
    Volunteer,
)


def command_volunteer_ids(command_id) -> sa.Select:
    """Ids of the volunteers who belong to a command (an LPA or OPC/SCD): the one definition of a supervisor's area.

    A supervisor approves duties for a command. A volunteer belongs to the command they are posted to (a
    Special's posting, ``SpecialConstable.command_id``); a volunteer without a posting belongs to the command
    of the district they live in. So a Special posted to North LPA but living in a South district is North's,
    never South's. ``command_id`` is a value or a bound parameter. Every scope rule, list, roster, welfare
    page, shift page, approvals queue and export narrows people with this select.
    """
    posted = sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.command_id == command_id)
    has_posting = sa.select(SpecialConstable.volunteer_id).where(SpecialConstable.command_id.is_not(None))
    by_district = (
        sa.select(Volunteer.id)
        .join(District, District.id == Volunteer.district_id)
        .where(District.command_id == command_id, Volunteer.id.not_in(has_posting))
    )
    return sa.union(posted, by_district)


def supervised_volunteer_ids(user: User) -> sa.Select | None:
    """The people a supervisor's area holds (``command_volunteer_ids`` of their command), or None (everyone) for
    a supervisor without a command."""
    return command_volunteer_ids(user.command_id) if user.command_id is not None else None


def visible_volunteer_ids(user: User) -> sa.Select | None:
    """A select of the volunteer ids the user may see, or None for 'every volunteer'."""
    if user.role in STAFF:
        return None
    if user.role == Role.SUPERVISOR:
        return supervised_volunteer_ids(user)
    if user.role == Role.VOLUNTEER and user.volunteer_id:
        return sa.select(sa.literal(user.volunteer_id))
    return sa.select(Volunteer.id).where(sa.false())


def _by_volunteer_column(column):
    def rule(user: User, stmt: sa.Select) -> sa.Select:
        ids = visible_volunteer_ids(user)
        return stmt if ids is None else stmt.where(column.in_(ids))

    return rule


def _cadet_rule(user: User, stmt: sa.Select) -> sa.Select:
    """Cadets: as volunteers, plus a cadet leader sees the cadets of the unit they lead."""
    ids = visible_volunteer_ids(user)
    if ids is None:
        return stmt
    if user.role == Role.VOLUNTEER and user.volunteer_id:
        led = sa.select(CadetLeader.cadet_unit_id).where(CadetLeader.volunteer_id == user.volunteer_id)
        return stmt.where(sa.or_(Cadet.volunteer_id.in_(ids), Cadet.cadet_unit_id.in_(led)))
    return stmt.where(Cadet.volunteer_id.in_(ids))


def _staff_only(user: User, stmt: sa.Select) -> sa.Select:
    return stmt if user.role in STAFF else stmt.where(sa.false())


def sees_cadet_personal_data(user: User, cadet: Cadet | None, leader_unit_id: int | None = None) -> bool:
    """Coordinators, admins and the leaders of the cadet's own unit see a cadet's DOB and guardian contact.

    ``leader_unit_id`` is the unit the user leads, when the caller has already loaded it.
    """
    if cadet is None:
        return True  # not a cadet: the rule does not apply
    if user.role in STAFF:
        return True
    if user.role != Role.VOLUNTEER or not user.volunteer_id:
        return False
    if leader_unit_id is None:
        from core.extensions import db

        leader_unit_id = db.session.scalar(
            sa.select(CadetLeader.cadet_unit_id).where(CadetLeader.volunteer_id == user.volunteer_id)
        )
    return leader_unit_id is not None and leader_unit_id == cadet.cadet_unit_id


def register() -> None:
    """Register the scope rule of every model this package owns."""
    register_scope(Volunteer, _by_volunteer_column(Volunteer.id))
    for model in (
        ProgrammeMembership,
        SpecialConstable,
        CadetLeader,
        ActiveCitizen,
        SpeedWatchVolunteer,
        Vetting,
        TrainingRecord,
        Award,
        StatusChange,
    ):
        register_scope(model, _by_volunteer_column(model.volunteer_id))
    register_scope(Cadet, _cadet_rule)
    # Recruitment is the CiP team's business: applicants are not yet volunteers.
    register_scope(Application, _staff_only)
    register_scope(ApplicationStageChange, _staff_only)


register()
