"""Reading volunteers: the filtered list, the profile with its records, and lookup choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from core.extensions import db
from core.models import Command, District, Parish, User
from core.permissions import scoped_select
from schemes.models import CadetUnit, CscAgreement, CscPost, EspBusiness
from volunteers.models import (
    ActiveCitizen,
    Cadet,
    CadetLeader,
    LearningStage,
    Programme,
    ProgrammeMembership,
    Rank,
    Skill,
    SpecialConstable,
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


@dataclass
class ListRow:
    """What one line of the volunteer list shows, read as plain columns (no ORM objects to build)."""

    id: int
    first_name: str
    last_name: str
    status: VolunteerStatus
    date_of_birth: date
    district: str | None
    rank: str | None
    stage: LearningStage | None
    command: str | None
    unit: str | None
    is_cadet: bool
    programmes: list[Programme]


def join_role_details(stmt: sa.Select, cadet_unit, leader_unit) -> sa.Select:
    """Outer-join what a line about a volunteer shows: district, Special (rank, command), cadet or leader unit.

    ``cadet_unit`` and ``leader_unit`` are two aliases of CadetUnit chosen by the caller's columns.
    """
    return (
        stmt.outerjoin(District, District.id == Volunteer.district_id)
        .outerjoin(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(Rank, Rank.id == SpecialConstable.rank_id)
        .outerjoin(Command, Command.id == SpecialConstable.command_id)
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .outerjoin(cadet_unit, cadet_unit.id == Cadet.cadet_unit_id)
        .outerjoin(CadetLeader, CadetLeader.volunteer_id == Volunteer.id)
        .outerjoin(leader_unit, leader_unit.id == CadetLeader.cadet_unit_id)
    )


def list_volunteers(
    filters: VolunteerFilters, page: int = 1, per_page: int = PAGE_SIZE, user: User | None = None
) -> Page:
    """One page of volunteers the user may see: a count, the page, and their current programmes (three queries)."""
    counted = filtered_select(filters, user, counting=True).with_only_columns(Volunteer.id).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted)) or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    cadet_unit, leader_unit = aliased(CadetUnit), aliased(CadetUnit)
    stmt = (
        filtered_select(filters, user)
        .with_only_columns(
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            Volunteer.status,
            Volunteer.date_of_birth,
            District.name,
            Rank.name,
            SpecialConstable.stage,
            Command.name,
            sa.func.coalesce(cadet_unit.name, leader_unit.name),
            Cadet.volunteer_id.is_not(None),
        )
        .select_from(Volunteer)
    )
    stmt = (
        join_role_details(stmt, cadet_unit, leader_unit)
        .order_by(Volunteer.last_name, Volunteer.first_name, Volunteer.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    found = db.session.execute(stmt).all()
    programmes: dict[int, list[Programme]] = {}
    if found:
        for volunteer_id, programme in db.session.execute(
            sa.select(ProgrammeMembership.volunteer_id, ProgrammeMembership.programme)
            .where(ProgrammeMembership.volunteer_id.in_([r[0] for r in found]), ProgrammeMembership.ended_on.is_(None))
            .order_by(ProgrammeMembership.started_on, ProgrammeMembership.id)
        ):
            programmes.setdefault(volunteer_id, []).append(programme)
    rows = [ListRow(*r, programmes=programmes.get(r[0], [])) for r in found]
    return Page(rows, page, per_page, total)


def current_programmes(volunteer: Volunteer) -> list[Programme]:
    """The programmes someone belongs to now (open memberships)."""
    return [m.programme for m in volunteer.memberships if m.ended_on is None]


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
