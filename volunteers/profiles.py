"""Reading one volunteer's records (the profile) and the lists reminders and leaders need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.extensions import db
from core.models import AuditEvent, User
from core.permissions import scoped_select
from schemes.models import CscAgreement, CscPost
from volunteers import rules
from volunteers.models import (
    ActiveCitizen,
    Award,
    Cadet,
    CadetLeader,
    SpecialConstable,
    StatusChange,
    TrainingRecord,
    Vetting,
    Volunteer,
    VolunteerStatus,
)
from volunteers.services import SPECIAL_SERVICE

# --- The profile ----------------------------------------------------------------------------


@dataclass
class Profile:
    """What the profile page shows; the records are rows with the columns of their tables."""

    volunteer: Volunteer
    vettings: list[sa.Row]
    training: list[sa.Row]
    awards: list[sa.Row]
    history: list[sa.Row]
    audit: list[sa.Row]
    awards_due: list[rules.AwardDue]
    vetting_states: dict[int, str]
    commitment_minutes: int | None
    ageing_out: bool = False
    flags: list[str] = field(default_factory=list)


# Built once, and all in one statement: every profile view loads the person with every role's detail,
# and per-request loader options (and a second query per collection) cost more than the SQL itself.
_PROFILE_LOADING = (
    joinedload(Volunteer.district),
    joinedload(Volunteer.memberships),
    joinedload(Volunteer.special).joinedload(SpecialConstable.rank),
    joinedload(Volunteer.special).joinedload(SpecialConstable.command),
    joinedload(Volunteer.special).joinedload(SpecialConstable.skills),
    joinedload(Volunteer.special).joinedload(SpecialConstable.esp_business),
    joinedload(Volunteer.special)
    .joinedload(SpecialConstable.csc_post)
    .joinedload(CscPost.agreement)
    .joinedload(CscAgreement.parish),
    joinedload(Volunteer.cadet).joinedload(Cadet.unit),
    joinedload(Volunteer.cadet_leader).joinedload(CadetLeader.unit),
    joinedload(Volunteer.active_citizen).joinedload(ActiveCitizen.role_type),
)


def load_volunteer(volunteer_id: int, user: User) -> Volunteer | None:
    """One volunteer the user may see, with the detail of every role loaded."""
    stmt = scoped_select(Volunteer, user).where(Volunteer.id == volunteer_id).options(*_PROFILE_LOADING)
    return db.session.scalars(stmt).unique().first()


def commitment_for(volunteer: Volunteer) -> int | None:
    """The volunteer's monthly commitment in minutes: the hours package's rule (scheduling.hours.commitment)."""
    # Imported here: the scheduling blueprint imports this package, so this package takes the rule at call time.
    from scheduling.hours.commitment import commitment_of

    return commitment_of(volunteer.id)


def service_spells(volunteer: Volunteer) -> tuple[list, list]:
    """(all service spells, Special Constabulary spells) from the dated memberships."""
    every = [(m.started_on, m.ended_on) for m in volunteer.memberships]
    special = [(m.started_on, m.ended_on) for m in volunteer.memberships if m.programme in SPECIAL_SERVICE]
    return every, special


# The records are read as plain rows (the columns the page shows, by name), not ORM objects: five queries
# that build no identity map entries.
_ONE = sa.bindparam("volunteer_id")
_V, _T, _A, _H, _E = (m.__table__ for m in (Vetting, TrainingRecord, Award, StatusChange, AuditEvent))
_VETTINGS = sa.select(_V).where(_V.c.volunteer_id == _ONE).order_by(_V.c.expires_on.desc())
_TRAINING = sa.select(_T).where(_T.c.volunteer_id == _ONE).order_by(_T.c.completed_on.desc())
_AWARDS = sa.select(_A).where(_A.c.volunteer_id == _ONE).order_by(_A.c.awarded_on.desc())
_HISTORY = sa.select(_H).where(_H.c.volunteer_id == _ONE).order_by(_H.c.effective_on.desc(), _H.c.id.desc())
_AUDIT = (
    sa.select(_E)
    .where(_E.c.object_type == "volunteer", _E.c.object_id == _ONE)
    .order_by(_E.c.occurred_at.desc(), _E.c.id.desc())
    .limit(50)
)


def build_profile(volunteer: Volunteer, today: date, with_audit: bool = True) -> Profile:
    """Everything the profile shows: records, computed awards and flags, history and audit trail."""
    vid = {"volunteer_id": volunteer.id}
    vettings, training, awards, history = (
        db.session.execute(s, vid).all() for s in (_VETTINGS, _TRAINING, _AWARDS, _HISTORY)
    )
    audit = db.session.execute(_AUDIT, vid).all() if with_audit else []
    every, special = service_spells(volunteer)
    due = rules.award_eligibility(every, special, [a.award_type.value for a in awards], today)
    states = {v.id: rules.vetting_state(v.expires_on, today) for v in vettings}
    flags = []
    latest = vettings[0] if vettings else None
    if latest and states[latest.id] == "expired":
        flags.append("Vetting has expired")
    elif latest and states[latest.id] == "expiring_soon":
        flags.append(f"Vetting expires on {latest.expires_on:%-d %B %Y}")
    ageing = bool(volunteer.cadet) and rules.is_ageing_out(volunteer.date_of_birth, today)
    if ageing:
        flags.append("Ages out of cadets soon: can move on to adult volunteering")
    return Profile(
        volunteer, vettings, training, awards, history, audit, due, states, commitment_for(volunteer), ageing, flags
    )


# --- For reminders and scheduled jobs ---------------------------------------------------------


def cadets_ageing_out(today: date, within_days: int = rules.AGEING_OUT_DAYS) -> list[tuple[Volunteer, date]]:
    """Active cadets who turn 18 within ``within_days``, with the day they age out (soonest first)."""
    earliest_born = rules.birthday(today, -rules.CADET_MAX_AGE)  # turning 18 today or later
    latest_born = rules.birthday(today + timedelta(days=within_days), -rules.CADET_MAX_AGE)
    stmt = (
        sa.select(Volunteer)
        .join(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(
            Volunteer.status == VolunteerStatus.ACTIVE,
            Volunteer.date_of_birth > earliest_born,
            Volunteer.date_of_birth <= latest_born,
        )
        .options(joinedload(Volunteer.cadet).joinedload(Cadet.unit))
        .order_by(Volunteer.date_of_birth)
    )
    return [(v, rules.ages_out_on(v.date_of_birth)) for v in db.session.scalars(stmt).unique()]


def vetting_due(today: date, within_days: int = rules.VETTING_SOON_DAYS) -> list[tuple[Volunteer, Vetting, str]]:
    """Active volunteers whose latest vetting has expired or expires within ``within_days``."""
    latest = (
        sa.select(Vetting.volunteer_id, sa.func.max(Vetting.expires_on).label("expires_on"))
        .group_by(Vetting.volunteer_id)
        .subquery()
    )
    stmt = (
        sa.select(Volunteer, Vetting)
        .join(latest, latest.c.volunteer_id == Volunteer.id)
        .join(Vetting, sa.and_(Vetting.volunteer_id == Volunteer.id, Vetting.expires_on == latest.c.expires_on))
        .where(
            Volunteer.status != VolunteerStatus.LEFT,
            latest.c.expires_on <= today + timedelta(days=within_days),
        )
        .order_by(latest.c.expires_on, Volunteer.id)
    )
    return [(v, vt, rules.vetting_state(vt.expires_on, today, within_days)) for v, vt in db.session.execute(stmt)]


def led_unit_cadets(user: User) -> tuple[CadetLeader | None, list[Cadet]]:
    """For a cadet leader: their unit and its active cadets (the Cadet scope allows exactly these)."""
    if not user.volunteer_id:
        return None, []
    leader = db.session.scalars(
        sa.select(CadetLeader)
        .where(CadetLeader.volunteer_id == user.volunteer_id)
        .options(joinedload(CadetLeader.unit))
    ).first()
    if leader is None:
        return None, []
    stmt = (
        scoped_select(Cadet, user)
        .join(Volunteer, Volunteer.id == Cadet.volunteer_id)
        .where(Cadet.cadet_unit_id == leader.cadet_unit_id, Volunteer.status != VolunteerStatus.LEFT)
        .options(joinedload(Cadet.volunteer))
        .order_by(Volunteer.last_name, Volunteer.first_name)
    )
    return leader, list(db.session.scalars(stmt).unique())
