"""Reading volunteers: the filtered list, the profile with its records, and lookup choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from core import data_versions
from core.data_versions import VOLUNTEER_LIST, VersionedCache
from core.extensions import db
from core.filters import Choices
from core.models import Command, District, Parish, User
from core.paging import Paged
from core.params import whole_number
from core.permissions import scoped_select
from schemes.models import CadetUnit, CscAgreement, CscPost, EspBusiness
from volunteers.models import (
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
_KEPT = VersionedCache()  # the list's counts and filter choices, per process, by data version
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

    def params(self) -> dict[str, object]:
        """The values of the filters set, keyed by their bound parameter names in ``filtered_select``."""
        out: dict[str, object] = {}
        for name, value in vars(self).items():
            if value in (None, ""):
                continue
            out[f"f_{name}"] = f"%{value.lower()}%" if name == "q" else value
        return out

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for pagination links and export)."""
        out = {}
        for name, value in vars(self).items():
            if value in (None, ""):
                continue
            out[name] = value.value if hasattr(value, "value") else str(value)
        return out


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
        district_id=whole_number(args.get("district_id")),
        command_id=whole_number(args.get("command_id")),
        status=_enum(VolunteerStatus, args.get("status")),
        rank_id=whole_number(args.get("rank_id")),
        stage=_enum(LearningStage, args.get("stage")),
        cadet_unit_id=whole_number(args.get("cadet_unit_id")),
        parish_id=whole_number(args.get("parish_id")),
    )


def _bind(name: str, value) -> sa.BindParameter:
    # A named parameter carrying its value: statements of the same shape then differ only in their
    # parameters, so the list can keep one statement per shape and execute it with new values.
    return sa.bindparam(f"f_{name}", value)


def filtered_select(filters: VolunteerFilters, user: User, counting: bool = False) -> sa.Select:
    """The user's scoped select of volunteers narrowed by the filters (no ordering, no loading).

    ``counting`` picks the form that suits counting every match (IN) over finding one page (EXISTS).
    Each filter value is a named bound parameter (``f_<filter>``, see ``VolunteerFilters.params``).
    """
    stmt = scoped_select(Volunteer, user)
    if filters.q:
        full = sa.func.lower(Volunteer.first_name + " " + Volunteer.last_name)
        needle = _bind("q", f"%{filters.q.lower()}%")
        stmt = stmt.where(sa.or_(full.like(needle), sa.func.lower(Volunteer.email).like(needle)))
    if filters.programme and counting:
        programme = _bind("programme", filters.programme)
        members = sa.select(ProgrammeMembership.volunteer_id).where(ProgrammeMembership.programme == programme)
        stmt = stmt.where(Volunteer.id.in_(members))
    elif filters.programme:
        # EXISTS lets the engine walk the name index in order and stop after one page
        stmt = stmt.where(
            sa.select(ProgrammeMembership.id)
            .where(
                ProgrammeMembership.volunteer_id == Volunteer.id,
                ProgrammeMembership.programme == _bind("programme", filters.programme),
            )
            .exists()
        )
    if filters.district_id:
        stmt = stmt.where(Volunteer.district_id == _bind("district_id", filters.district_id))
    if filters.command_id:
        from volunteers.scopes import command_volunteer_ids

        stmt = stmt.where(Volunteer.id.in_(command_volunteer_ids(_bind("command_id", filters.command_id))))
    if filters.status:
        stmt = stmt.where(Volunteer.status == _bind("status", filters.status))
    special_conditions = []
    if filters.rank_id:
        special_conditions.append(SpecialConstable.rank_id == _bind("rank_id", filters.rank_id))
    if filters.stage:
        special_conditions.append(SpecialConstable.stage == _bind("stage", filters.stage))
    if filters.parish_id:
        special_conditions.append(
            SpecialConstable.csc_post_id.in_(
                sa.select(CscPost.id)
                .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
                .where(CscAgreement.parish_id == _bind("parish_id", filters.parish_id))
            )
        )
    if special_conditions:
        stmt = stmt.where(Volunteer.id.in_(sa.select(SpecialConstable.volunteer_id).where(*special_conditions)))
    if filters.cadet_unit_id:
        unit = _bind("cadet_unit_id", filters.cadet_unit_id)
        stmt = stmt.where(
            Volunteer.id.in_(
                sa.union(
                    sa.select(Cadet.volunteer_id).where(Cadet.cadet_unit_id == unit),
                    sa.select(CadetLeader.volunteer_id).where(CadetLeader.cadet_unit_id == unit),
                )
            )
        )
    return stmt


@dataclass
class Page(Paged):
    """One page of results with what the pagination macro reads."""

    items: list
    page: int
    per_page: int
    total: int


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


def _list_statements(filters: VolunteerFilters, user: User) -> tuple[sa.Select, sa.Select]:
    """The count and the page statements of the list for these filters."""
    counted = filtered_select(filters, user, counting=True).with_only_columns(Volunteer.id).subquery()
    count = sa.select(sa.func.count()).select_from(counted)
    order = (Volunteer.last_name, Volunteer.first_name, Volunteer.id)
    # The page's ids first (a subquery with the limit), then their details: PostgreSQL joins the role
    # details to 25 rows rather than to every match before the limit.
    page = (
        filtered_select(filters, user)
        .with_only_columns(Volunteer.id)
        .order_by(*order)
        .limit(sa.bindparam("page_limit"))
        .offset(sa.bindparam("page_offset"))
        .subquery("page")
    )
    # Names of districts, ranks, commands and units come from the filters' lookups (read anyway):
    # four joins fewer for PostgreSQL to plan on every request.
    membership = aliased(ProgrammeMembership)
    stmt = (
        sa.select(
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            Volunteer.status,
            Volunteer.date_of_birth,
            Volunteer.district_id,
            SpecialConstable.rank_id,
            SpecialConstable.stage,
            SpecialConstable.command_id,
            sa.func.coalesce(Cadet.cadet_unit_id, CadetLeader.cadet_unit_id),
            Cadet.volunteer_id.is_not(None),
            membership.programme,
        )
        .select_from(page.join(Volunteer, Volunteer.id == page.c.id))
        .outerjoin(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .outerjoin(CadetLeader, CadetLeader.volunteer_id == Volunteer.id)
        # current programmes on the same rows: one row per open membership, at most a few per person
        .outerjoin(membership, sa.and_(membership.volunteer_id == Volunteer.id, membership.ended_on.is_(None)))
        .order_by(*order, membership.started_on, membership.id)
    )
    return count, stmt


# Statements by filter shape (which filters are set), for users whose scope narrows nothing (staff):
# built and hashed once, then executed with each request's values.
_LIST_STATEMENTS: dict[tuple[str, ...], tuple[sa.Select, sa.Select]] = {}


def list_volunteers(
    filters: VolunteerFilters,
    user: User,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    lookups: dict[str, list[tuple[int, str]]] | None = None,
) -> Page:
    """One page of volunteers the user may see: a count, then the page with current programmes (two queries).

    ``lookups`` are ``filter_choices()`` when the caller has them (they name districts, ranks, commands, units).
    """
    lookups = lookups or filter_choices()
    districts, ranks, commands, units = (lookups.names(kind) for kind in ("districts", "ranks", "commands", "units"))
    params = filters.params()
    if scoped_select(Volunteer, user).whereclause is None:
        shape = tuple(params)
        statements = _LIST_STATEMENTS.get(shape)
        if statements is None:
            statements = _LIST_STATEMENTS[shape] = _list_statements(filters, user)
        count_stmt, page_stmt = statements
        # the same filters at the same data version match the same people: count them once per process
        total = _KEPT.get(
            VOLUNTEER_LIST,
            lookups.version,
            ("count", *sorted(params.items())),
            lambda: db.session.execute(count_stmt, params).scalar() or 0,
        )
    else:  # a narrower scope (a supervisor's command) carries its own values: build and count for this request
        count_stmt, page_stmt = _list_statements(filters, user)
        total = db.session.execute(count_stmt, params).scalar() or 0
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows: list[ListRow] = []
    line: ListRow | None = None
    window = {**params, "page_limit": per_page, "page_offset": (page - 1) * per_page}
    for *columns, programme in db.session.execute(page_stmt, window):
        if line is None or line.id != columns[0]:  # rows come person by person, a row per open membership
            vid, first, last, status, born, district, rank, stage, command, unit, is_cadet = columns
            line = ListRow(
                vid, first, last, status, born, districts.get(district), ranks.get(rank), stage,
                commands.get(command), units.get(unit), is_cadet, [],
            )  # fmt: skip
            rows.append(line)
        if programme is not None:
            line.programmes.append(programme)
    return Page(rows, page, per_page, total)


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


_LOOKUP_KINDS = ("districts", "commands", "ranks", "units", "parishes")


def _filter_lookups() -> sa.CompoundSelect:
    # Every lookup the list's filters offer in one statement (one round trip, built once):
    # (which lookup, its sort key, id, name), each lookup in its own order.
    def part(kind: str, id_col, name_col, sort_col=None) -> sa.Select:
        sort = sort_col if sort_col is not None else sa.literal(0, sa.Integer)
        return sa.select(
            sa.literal(_LOOKUP_KINDS.index(kind), sa.Integer).label("kind"), sort.label("sort"), id_col, name_col
        )

    # Only councils whose posts a Special holds: the parish filter finds Specials by their post, so
    # any other council (nine in ten at national scale, 2,500 options) could only ever match nobody.
    held = (
        sa.select(CscAgreement.parish_id)
        .join(CscPost, CscPost.agreement_id == CscAgreement.id)
        .join(SpecialConstable, SpecialConstable.csc_post_id == CscPost.id)
    )
    return sa.union_all(
        part("districts", District.id, District.name),
        part("commands", Command.id, Command.name),
        part("ranks", Rank.id, Rank.name, Rank.seniority),
        part("units", CadetUnit.id, CadetUnit.name),
        part("parishes", Parish.id, Parish.name).where(Parish.id.in_(held)),
    ).order_by(sa.literal_column("kind"), sa.literal_column("sort"), sa.literal_column("name"), sa.literal_column("id"))


_FILTER_LOOKUPS = _filter_lookups()


class FilterChoices(dict):
    """The list's filter choices by kind (``Choices`` of id/name pairs), read at data version ``version``."""

    def __init__(self, version: int | None):
        super().__init__((kind, Choices()) for kind in _LOOKUP_KINDS)
        self.version = version
        self._names: dict[str, dict[int, str]] = {}

    def __getattr__(self, kind: str) -> Choices:  # templates read lookups.parishes
        try:
            return self[kind]
        except KeyError:
            raise AttributeError(kind) from None

    def names(self, kind: str) -> dict[int, str]:
        """Id to name of one kind (built once per process for a version)."""
        if kind not in self._names:
            self._names[kind] = dict(self[kind])
        return self._names[kind]


def _read_filter_choices(version: int | None) -> FilterChoices:
    out = FilterChoices(version)
    for kind, _, lookup_id, name in db.session.execute(_FILTER_LOOKUPS):
        out[_LOOKUP_KINDS[kind]].append((lookup_id, name))
    return out


def filter_choices() -> FilterChoices:
    """Id/name pairs the list's filters offer: districts, commands, ranks, cadet units, CSC councils.

    Read once per process and data version (core.data_versions): one small read when nothing changed.
    """
    version = data_versions.current(VOLUNTEER_LIST)
    return _KEPT.get(VOLUNTEER_LIST, version, "filter choices", lambda: _read_filter_choices(version))


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
