"""Builders for dated data sets: people with dated memberships, CSCs in parishes, duties, member
snapshots, Speed Watch sessions, vetting and applications with their stage history. Each takes the
dates it needs: nothing here reads today's date."""

from __future__ import annotations

from datetime import date, time

from core.dated import effective_on
from core.extensions import db
from scheduling.models import DutyStatus
from schemes.models import SpeedWatchSession, SpeedWatchSite, WatchMemberSnapshot
from tests.factories.duties import DutyFactory
from tests.factories.people import CadetFactory, RoleTypeFactory, SpecialFactory, VolunteerFactory
from tests.factories.scheme_records import CadetUnitFactory
from volunteers.models import (
    ActiveCitizen,
    Application,
    ApplicationOutcome,
    ApplicationStage,
    ApplicationStageChange,
    CadetLeader,
    LearningStage,
    Programme,
    ProgrammeMembership,
    Vetting,
)


def membership(volunteer, programme: Programme, started: date, ended: date | None = None) -> ProgrammeMembership:
    """A dated spell in a programme."""
    spell = ProgrammeMembership(volunteer=volunteer, programme=programme, started_on=started, ended_on=ended)
    db.session.add(spell)
    db.session.flush()
    return spell


def special(
    joined: date = date(2022, 1, 10),
    left: date | None = None,
    command=None,
    district=None,
    stage: LearningStage = LearningStage.INITIAL_LEARNING,
    accompanied: date | None = None,
    independent: date | None = None,
    qualified: date | None = None,
    **extra,
):
    """A Special Constable with a SPECIAL membership from ``joined`` (ending ``left``) and dated stages."""
    volunteer_kw = {"joined_on": joined}
    if district is not None:
        volunteer_kw["district"] = district
    volunteer = VolunteerFactory(**volunteer_kw)
    kwargs = {"volunteer": volunteer, "stage": stage, "initial_learning_on": joined}
    if command is not None:
        kwargs["command"] = command
    sc = SpecialFactory(
        accompanied_patrol_on=accompanied, independent_patrol_on=independent, qualified_on=qualified, **kwargs, **extra
    )
    if left is not None:
        for spell in volunteer.memberships:
            spell.ended_on = left
    db.session.flush()
    return sc


def csc(post, joined: date, csc_since: date, trained: bool = True, **extra):
    """A Community Special Constable holding ``post``: in post (independent patrol) or in training."""
    stage_kw = (
        {"stage": LearningStage.INDEPENDENT_PATROL, "accompanied": joined, "independent": csc_since}
        if trained
        else {"stage": LearningStage.ACCOMPANIED_PATROL, "accompanied": csc_since}
    )
    sc = special(joined=joined, csc_post=post, **stage_kw, **extra)
    membership(sc.volunteer, Programme.CSC, csc_since)
    return sc


def duty(volunteer, day: date, minutes: int = 240, status: DutyStatus = DutyStatus.APPROVED, **extra):
    """A duty on ``day`` (approved unless told otherwise)."""
    return DutyFactory(volunteer=volunteer, duty_date=day, minutes=minutes, status=status, **extra)


def person_in(programme: Programme, started: date, ended: date | None = None, **volunteer_kw):
    """A volunteer with one membership."""
    volunteer = VolunteerFactory(joined_on=started, **volunteer_kw)
    membership(volunteer, programme, started, ended)
    return volunteer


def cadet_unit(opened: date, **unit_kw):
    """A cadet unit made through the ORM whose dated status starts on ``opened`` (as if made that day)."""
    with effective_on(opened):
        unit = CadetUnitFactory(**unit_kw)
        db.session.flush()
    return unit


def cadet(unit, started: date, born: date = date(2010, 3, 1), junior: bool = False, ended: date | None = None):
    volunteer = VolunteerFactory(joined_on=started, date_of_birth=born)
    CadetFactory(volunteer=volunteer, unit=unit, is_junior=junior)
    membership(volunteer, Programme.JUNIOR_CADET if junior else Programme.CADET, started, ended)
    return volunteer


def cadet_leader(unit, started: date, ended: date | None = None):
    volunteer = VolunteerFactory(joined_on=started)
    db.session.add(CadetLeader(volunteer=volunteer, unit=unit))
    membership(volunteer, Programme.CADET_LEADER, started, ended)
    return volunteer


def active_citizen(district, started: date, role_type=None, ended: date | None = None):
    volunteer = VolunteerFactory(joined_on=started, district=district)
    db.session.add(ActiveCitizen(volunteer=volunteer, role_type=role_type or RoleTypeFactory()))
    membership(volunteer, Programme.ACTIVE_CITIZEN, started, ended)
    return volunteer


def snapshot(scheme, day: date, members: int) -> WatchMemberSnapshot:
    snap = WatchMemberSnapshot(scheme=scheme, recorded_on=day, members=members)
    db.session.add(snap)
    db.session.flush()
    return snap


def speed_session(group, day: date, first: int = 0, final: int = 0, checked: int = 100, over: int = 10):
    site = SpeedWatchSite(group=group, location="High Street", speed_limit_mph=30)
    db.session.add(site)
    db.session.flush()
    session = SpeedWatchSession(
        group=group,
        site=site,
        session_date=day,
        start_time=time(8),
        end_time=time(9),
        vehicles_checked=checked,
        vehicles_over_limit=over,
        first_letters=first,
        final_letters=final,
    )
    db.session.add(session)
    db.session.flush()
    return session


def vetting(volunteer, granted: date, expires: date) -> Vetting:
    v = Vetting(volunteer_id=volunteer.id, level="RV", granted_on=granted, expires_on=expires)
    db.session.add(v)
    db.session.flush()
    return v


def application(
    applied: date,
    stages: dict[ApplicationStage, date] | None = None,
    outcome: ApplicationOutcome = ApplicationOutcome.OPEN,
    closed: date | None = None,
    programme: Programme = Programme.SPECIAL,
) -> Application:
    """An application with its stage history (APPLIED on ``applied`` plus the given stages)."""
    history = {ApplicationStage.APPLIED: applied, **(stages or {})}
    last = max(history, key=lambda s: history[s])
    app = Application(
        first_name="Ann",
        last_name="Applicant",
        programme=programme,
        applied_on=applied,
        stage=last,
        stage_entered_on=history[last],
        outcome=outcome,
        closed_on=closed,
    )
    db.session.add(app)
    db.session.flush()
    for stage, day in history.items():
        db.session.add(ApplicationStageChange(application_id=app.id, stage=stage, entered_on=day))
    db.session.flush()
    return app
