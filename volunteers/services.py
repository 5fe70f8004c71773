"""Reading volunteers: the filtered list, the profile with its records, and lookup choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import db
from core.models import AuditEvent, Command, District, Parish, User
from core.permissions import scoped_select
from schemes.models import CadetUnit, CscAgreement, CscPost, EspBusiness
from volunteers import rules
from volunteers.models import (
    ActiveCitizen,
    Award,
    Cadet,
    CadetLeader,
    LearningStage,
    Programme,
    ProgrammeMembership,
    ProgrammeSetting,
    Rank,
    Skill,
    SpecialConstable,
    StatusChange,
    TrainingRecord,
    Vetting,
    Volunteer,
    VolunteerRoleType,
    VolunteerStatus,
)

PAGE_SIZE = 25
SPECIAL_SERVICE = (Programme.SPECIAL, Programme.CSC)


@dataclass
class VolunteerFilters:
    """What the list is narrowed by; every value optional."""

    q: str = ""
    programme: Programme | None = None
    district_id: int | None = None
    command_id: int | None = None
    status: VolunteerStatus | None = None
    rank_id: int | None = None
    stage: LearningStage | None = None
    cadet_unit_id: int | None = None
    parish_id: int | None = None

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for pagination links and export)."""
        out = {}
        for name, value in vars(self).items():
            if value in (None, ""):
                continue
            out[name] = value.value if hasattr(value, "value") else str(value)
        return out


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _enum(enum_cls, value: str | None):
    try:
        return enum_cls(value) if value else None
    except ValueError:
        return None


def parse_filters(args) -> VolunteerFilters:
    """Filters from query-string arguments; anything unrecognised is ignored."""
    return VolunteerFilters(
        q=(args.get("q") or "").strip()[:100],
        programme=_enum(Programme, args.get("programme")),
        district_id=_int(args.get("district_id")),
        command_id=_int(args.get("command_id")),
        status=_enum(VolunteerStatus, args.get("status")),
        rank_id=_int(args.get("rank_id")),
        stage=_enum(LearningStage, args.get("stage")),
        cadet_unit_id=_int(args.get("cadet_unit_id")),
        parish_id=_int(args.get("parish_id")),
    )


def filtered_select(filters: VolunteerFilters, user: User | None = None, counting: bool = False) -> sa.Select:
    """The user's scoped select of volunteers narrowed by the filters (no ordering, no loading).

    ``counting`` picks the form that suits counting every match (IN) over finding one page (EXISTS).
    """
    stmt = scoped_select(Volunteer, user)
    if filters.q:
        needle = f"%{filters.q.lower()}%"
        full = sa.func.lower(Volunteer.first_name + " " + Volunteer.last_name)
        stmt = stmt.where(sa.or_(full.like(needle), sa.func.lower(Volunteer.email).like(needle)))
    if filters.programme and counting:
        members = sa.select(ProgrammeMembership.volunteer_id).where(ProgrammeMembership.programme == filters.programme)
        stmt = stmt.where(Volunteer.id.in_(members))
    elif filters.programme:
        # EXISTS lets the engine walk the name index in order and stop after one page
        stmt = stmt.where(
            sa.select(ProgrammeMembership.id)
            .where(
                ProgrammeMembership.volunteer_id == Volunteer.id,
                ProgrammeMembership.programme == filters.programme,
            )
            .exists()
        )
    if filters.district_id:
        stmt = stmt.where(Volunteer.district_id == filters.district_id)
    if filters.command_id:
        from volunteers.scopes import command_volunteer_ids

        stmt = stmt.where(Volunteer.id.in_(command_volunteer_ids(filters.command_id)))
    if filters.status:
        stmt = stmt.where(Volunteer.status == filters.status)
    special_conditions = []
    if filters.rank_id:
        special_conditions.append(SpecialConstable.rank_id == filters.rank_id)
    if filters.stage:
        special_conditions.append(SpecialConstable.stage == filters.stage)
    if filters.parish_id:
        special_conditions.append(
            SpecialConstable.csc_post_id.in_(
                sa.select(CscPost.id)
                .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
                .where(CscAgreement.parish_id == filters.parish_id)
            )
        )
    if special_conditions:
        stmt = stmt.where(Volunteer.id.in_(sa.select(SpecialConstable.volunteer_id).where(*special_conditions)))
    if filters.cadet_unit_id:
        stmt = stmt.where(
            Volunteer.id.in_(
                sa.union(
                    sa.select(Cadet.volunteer_id).where(Cadet.cadet_unit_id == filters.cadet_unit_id),
                    sa.select(CadetLeader.volunteer_id).where(CadetLeader.cadet_unit_id == filters.cadet_unit_id),
                )
            )
        )
    return stmt


def list_loading() -> list:
    """Loader options so a page of volunteers renders without one query per row."""
    return [
        joinedload(Volunteer.district),
        joinedload(Volunteer.special).joinedload(SpecialConstable.rank),
        joinedload(Volunteer.special).joinedload(SpecialConstable.command),
        joinedload(Volunteer.cadet).joinedload(Cadet.unit),
        joinedload(Volunteer.cadet_leader).joinedload(CadetLeader.unit),
        joinedload(Volunteer.active_citizen).joinedload(ActiveCitizen.role_type),
        selectinload(Volunteer.memberships),
    ]


@dataclass
class Page:
    """One page of results with what the pagination macro reads."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def list_volunteers(
    filters: VolunteerFilters, page: int = 1, per_page: int = PAGE_SIZE, user: User | None = None
) -> Page:
    """One page of volunteers the user may see: a count, the page, and their memberships (three queries)."""
    counted = filtered_select(filters, user, counting=True).with_only_columns(Volunteer.id).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    stmt = (
        filtered_select(filters, user)
        .options(*list_loading())
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return Page(list(db.session.scalars(stmt).unique()), page, per_page, total)


def current_programmes(volunteer: Volunteer) -> list[Programme]:
    """The programmes someone belongs to now (open memberships)."""
    return [m.programme for m in volunteer.memberships if m.ended_on is None]


# --- The profile ----------------------------------------------------------------------------


@dataclass
class Profile:
    volunteer: Volunteer
    vettings: list[Vetting]
    training: list[TrainingRecord]
    awards: list[Award]
    history: list[StatusChange]
    audit: list[AuditEvent]
    awards_due: list[rules.AwardDue]
    vetting_states: dict[int, str]
    commitment_minutes: int | None
    ageing_out: bool = False
    flags: list[str] = field(default_factory=list)


def load_volunteer(volunteer_id: int, user: User | None = None) -> Volunteer | None:
    """One volunteer the user may see, with the detail of every role loaded."""
    stmt = (
        scoped_select(Volunteer, user)
        .where(Volunteer.id == volunteer_id)
        .options(
            *list_loading(),
            joinedload(Volunteer.special).selectinload(SpecialConstable.skills),
            joinedload(Volunteer.special).joinedload(SpecialConstable.esp_business),
            joinedload(Volunteer.special)
            .joinedload(SpecialConstable.csc_post)
            .joinedload(CscPost.agreement)
            .joinedload(CscAgreement.parish),
        )
    )
    return db.session.scalars(stmt).unique().first()


def commitment_for(volunteer: Volunteer) -> int | None:
    """Monthly commitment in minutes: the Special's own figure, else the programme setting (16 h)."""
    programmes = current_programmes(volunteer)
    if not programmes:
        return None
    own = volunteer.special.monthly_commitment_minutes if volunteer.special else None
    main = Programme.SPECIAL if Programme.SPECIAL in programmes else programmes[0]
    setting = db.session.get(ProgrammeSetting, main)
    return rules.monthly_commitment(own, setting.monthly_commitment_minutes if setting else None)


def service_spells(volunteer: Volunteer) -> tuple[list, list]:
    """(all service spells, Special Constabulary spells) from the dated memberships."""
    every = [(m.started_on, m.ended_on) for m in volunteer.memberships]
    special = [(m.started_on, m.ended_on) for m in volunteer.memberships if m.programme in SPECIAL_SERVICE]
    return every, special


def build_profile(volunteer: Volunteer, today: date, with_audit: bool = True) -> Profile:
    """Everything the profile shows: records, computed awards and flags, history and audit trail."""
    vid = volunteer.id
    vettings = list(
        db.session.scalars(sa.select(Vetting).where(Vetting.volunteer_id == vid).order_by(Vetting.expires_on.desc()))
    )
    training = list(
        db.session.scalars(
            sa.select(TrainingRecord)
            .where(TrainingRecord.volunteer_id == vid)
            .order_by(TrainingRecord.completed_on.desc())
        )
    )
    awards = list(
        db.session.scalars(sa.select(Award).where(Award.volunteer_id == vid).order_by(Award.awarded_on.desc()))
    )
    history = list(
        db.session.scalars(
            sa.select(StatusChange)
            .where(StatusChange.volunteer_id == vid)
            .order_by(StatusChange.effective_on.desc(), StatusChange.id.desc())
        )
    )
    audit = []
    if with_audit:
        audit = list(
            db.session.scalars(
                sa.select(AuditEvent)
                .where(AuditEvent.object_type == "volunteer", AuditEvent.object_id == vid)
                .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                .limit(50)
            )
        )
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


# --- Choices for forms and filters ----------------------------------------------------------


def _pairs(stmt) -> list[tuple[int, str]]:
    return [(row[0], str(row[1])) for row in db.session.execute(stmt).all()]


def choices() -> dict[str, list[tuple[int, str]]]:
    """Id/name pairs of every lookup the forms and filters offer."""
    return {
        "districts": _pairs(sa.select(District.id, District.name).order_by(District.name)),
        "commands": _pairs(sa.select(Command.id, Command.name).order_by(Command.name)),
        "ranks": _pairs(sa.select(Rank.id, Rank.name).order_by(Rank.seniority)),
        "skills": _pairs(sa.select(Skill.id, Skill.name).order_by(Skill.name)),
        "units": _pairs(sa.select(CadetUnit.id, CadetUnit.name).order_by(CadetUnit.name)),
        "parishes": _pairs(sa.select(Parish.id, Parish.name).order_by(Parish.name)),
        "role_types": _pairs(sa.select(VolunteerRoleType.id, VolunteerRoleType.name).order_by(VolunteerRoleType.name)),
        "businesses": _pairs(sa.select(EspBusiness.id, EspBusiness.name).order_by(EspBusiness.name)),
        "csc_posts": csc_post_choices(),
    }


def filter_choices() -> dict[str, list[tuple[int, str]]]:
    """The lookups the list's filters offer (fewer queries than every form choice)."""
    return {
        "districts": _pairs(sa.select(District.id, District.name).order_by(District.name)),
        "commands": _pairs(sa.select(Command.id, Command.name).order_by(Command.name)),
        "ranks": _pairs(sa.select(Rank.id, Rank.name).order_by(Rank.seniority)),
        "units": _pairs(sa.select(CadetUnit.id, CadetUnit.name).order_by(CadetUnit.name)),
        "parishes": _pairs(sa.select(Parish.id, Parish.name).order_by(Parish.name)),
    }


def csc_post_choices(include_post_id: int | None = None) -> list[tuple[int, str]]:
    """CSC posts with no holder (plus the one given), labelled by council and post number."""
    stmt = (
        sa.select(CscPost.id, Parish.name, CscPost.post_number)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .join(Parish, Parish.id == CscAgreement.parish_id)
        .where(
            sa.or_(
                ~CscPost.id.in_(
                    sa.select(SpecialConstable.csc_post_id).where(SpecialConstable.csc_post_id.is_not(None))
                ),
                CscPost.id == (include_post_id or -1),
            )
        )
        .order_by(Parish.name, CscPost.post_number)
    )
    return [(pid, f"{name} post {number}") for pid, name, number in db.session.execute(stmt).all()]


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
