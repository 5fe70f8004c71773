"""What each role's home page shows, computed from the records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import db
from core.models import AuditEvent, Role, User
from scheduling.models import Duty, DutyStatus, ShiftSignup, SignupStatus
from schemes.models import (
    AgreementStatus,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspStatus,
    PostState,
    SpeedWatchGroup,
    WatchMemberSnapshot,
)
from volunteers.models import (
    Programme,
    ProgrammeMembership,
    ProgrammeSetting,
    SpecialConstable,
    Volunteer,
)

_HOMES: dict[Role, str] = {}


def register_home(role: Role, endpoint: str) -> None:
    """Set the page a role lands on after signing in."""
    _HOMES[role] = endpoint


def home_endpoint(role: Role) -> str:
    return _HOMES[role]


def month_bounds(today: date) -> tuple[date, date]:
    """The first day of this month and of the next."""
    start = today.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def headcount_by_programme(on: date) -> dict[Programme, int]:
    """People in each programme on a date, from dated memberships."""
    stmt = (
        sa.select(ProgrammeMembership.programme, sa.func.count(sa.distinct(ProgrammeMembership.volunteer_id)))
        .where(ProgrammeMembership.started_on <= on)
        .where(sa.or_(ProgrammeMembership.ended_on.is_(None), ProgrammeMembership.ended_on > on))
        .group_by(ProgrammeMembership.programme)
    )
    counts = dict.fromkeys(Programme, 0)
    counts.update(dict(db.session.execute(stmt).all()))
    return counts


@dataclass
class CoordinatorSummary:
    headcount: dict[Programme, int]
    cscs_in_post: int
    cscs_in_training: int
    agreements_active: int
    agreements_unable: int
    esp_registered: int
    esp_specials: int
    esp_force_staff: int
    esp_prospects: int
    speed_watch_groups: int
    watch_members: int
    duties_pending: int


def coordinator_summary(today: date) -> CoordinatorSummary:
    """Headline figures for the CiP team's home page."""
    posts = dict(db.session.execute(sa.select(CscPost.state, sa.func.count()).group_by(CscPost.state)).all())
    agreements = dict(
        db.session.execute(sa.select(CscAgreement.status, sa.func.count()).group_by(CscAgreement.status)).all()
    )
    esp = dict(db.session.execute(sa.select(EspBusiness.status, sa.func.count()).group_by(EspBusiness.status)).all())
    esp_specials = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((EspBusiness.is_force, 1), else_=0)), 0))
        .select_from(SpecialConstable)
        .join(EspBusiness, SpecialConstable.esp_business_id == EspBusiness.id)
        .join(Volunteer, Volunteer.id == SpecialConstable.volunteer_id)
        .where(EspBusiness.status == EspStatus.REGISTERED, Volunteer.status != "left")
    ).one()
    latest = (
        sa.select(WatchMemberSnapshot.scheme_id, sa.func.max(WatchMemberSnapshot.recorded_on).label("on"))
        .where(WatchMemberSnapshot.recorded_on <= today)
        .group_by(WatchMemberSnapshot.scheme_id)
        .subquery()
    )
    watch_members = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(WatchMemberSnapshot.members), 0)).join(
            latest,
            sa.and_(
                WatchMemberSnapshot.scheme_id == latest.c.scheme_id, WatchMemberSnapshot.recorded_on == latest.c.on
            ),
        )
    )
    return CoordinatorSummary(
        headcount=headcount_by_programme(today),
        cscs_in_post=posts.get(PostState.IN_POST, 0),
        cscs_in_training=posts.get(PostState.IN_TRAINING, 0),
        agreements_active=agreements.get(AgreementStatus.ACTIVE, 0),
        agreements_unable=agreements.get(AgreementStatus.UNABLE_TO_RECRUIT, 0),
        esp_registered=esp.get(EspStatus.REGISTERED, 0),
        esp_specials=esp_specials[0],
        esp_force_staff=int(esp_specials[1]),
        esp_prospects=esp.get(EspStatus.PROSPECT, 0) + esp.get(EspStatus.ENGAGED, 0),
        speed_watch_groups=db.session.scalar(
            sa.select(sa.func.count()).select_from(SpeedWatchGroup).where(SpeedWatchGroup.active)
        ),
        watch_members=int(watch_members or 0),
        duties_pending=db.session.scalar(
            sa.select(sa.func.count()).select_from(Duty).where(Duty.status == DutyStatus.PENDING)
        ),
    )


def pending_duties_for(user: User, limit: int = 25) -> tuple[int, list[Duty]]:
    """Duties awaiting approval that this supervisor may approve (their command's, if set)."""
    stmt = sa.select(Duty).where(Duty.status == DutyStatus.PENDING)
    if user.command_id is not None:
        stmt = stmt.join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id).where(
            SpecialConstable.command_id == user.command_id
        )
    total = db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
    duties = db.session.scalars(
        stmt.options(joinedload(Duty.volunteer)).order_by(Duty.duty_date.desc(), Duty.id.desc()).limit(limit)
    ).all()
    return total, list(duties)


def monthly_commitment_minutes(volunteer: Volunteer) -> int | None:
    """The volunteer's monthly commitment: their own figure, else their programme's."""
    if volunteer.special and volunteer.special.monthly_commitment_minutes:
        return volunteer.special.monthly_commitment_minutes
    programme = Programme.SPECIAL if volunteer.special else None
    if programme is None:
        return None
    setting = db.session.get(ProgrammeSetting, programme)
    return setting.monthly_commitment_minutes if setting else 16 * 60


@dataclass
class VolunteerSummary:
    volunteer: Volunteer
    minutes_this_month: int
    minutes_pending: int
    commitment_minutes: int | None
    recent_duties: list[Duty]
    upcoming: list[ShiftSignup]


def volunteer_summary(volunteer_id: int, today: date, now) -> VolunteerSummary:
    """A volunteer's own hours this month, recent duties and the shifts they are booked on."""
    volunteer = db.session.scalars(
        sa.select(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .options(
            selectinload(Volunteer.memberships),
            joinedload(Volunteer.special).joinedload(SpecialConstable.rank),
        )
    ).one()
    start, end = month_bounds(today)
    sums = dict(
        db.session.execute(
            sa.select(Duty.status, sa.func.coalesce(sa.func.sum(Duty.minutes), 0))
            .where(Duty.volunteer_id == volunteer_id, Duty.duty_date >= start, Duty.duty_date < end)
            .group_by(Duty.status)
        ).all()
    )
    recent = db.session.scalars(
        sa.select(Duty).where(Duty.volunteer_id == volunteer_id).order_by(Duty.duty_date.desc()).limit(5)
    ).all()
    from scheduling.models import Shift

    upcoming = db.session.scalars(
        sa.select(ShiftSignup)
        .join(Shift)
        .where(ShiftSignup.volunteer_id == volunteer_id, ShiftSignup.status != SignupStatus.WITHDRAWN)
        .where(Shift.starts_at >= now)
        .options(joinedload(ShiftSignup.shift))
        .order_by(Shift.starts_at)
        .limit(5)
    ).all()
    return VolunteerSummary(
        volunteer=volunteer,
        minutes_this_month=int(sums.get(DutyStatus.APPROVED, 0)),
        minutes_pending=int(sums.get(DutyStatus.PENDING, 0)),
        commitment_minutes=monthly_commitment_minutes(volunteer),
        recent_duties=list(recent),
        upcoming=list(upcoming),
    )


@dataclass
class ParishPost:
    post: CscPost
    officer_name: str | None
    officer_rank: str | None


@dataclass
class ParishSummary:
    agreements: list[CscAgreement]
    posts: list[ParishPost]
    duties_this_month: int
    minutes_this_month: int


def parish_summary(parish_id: int, today: date) -> ParishSummary:
    """A council's own CSC posts (officer name and rank only) and hours policed in the parish."""
    agreements = db.session.scalars(
        sa.select(CscAgreement)
        .where(CscAgreement.parish_id == parish_id)
        .options(
            selectinload(CscAgreement.posts)
            .joinedload(CscPost.holder)
            .options(joinedload(SpecialConstable.volunteer), joinedload(SpecialConstable.rank))
        )
        .order_by(CscAgreement.signed_on)
    ).all()
    posts = []
    for agreement in agreements:
        for post in agreement.posts:
            holder = post.holder
            posts.append(
                ParishPost(
                    post,
                    holder.volunteer.full_name if holder else None,
                    holder.rank.name if holder else None,
                )
            )
    start, end = month_bounds(today)
    count, minutes = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Duty.minutes), 0)).where(
            Duty.parish_id == parish_id,
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date >= start,
            Duty.duty_date < end,
        )
    ).one()
    return ParishSummary(list(agreements), posts, count, int(minutes))


@dataclass
class EmployeeHours:
    name: str
    rank: str
    esp_minutes: int


@dataclass
class EmployerSummary:
    business: EspBusiness
    employees: list[EmployeeHours]
    granted_minutes: int


def employer_summary(business_id: int, today: date) -> EmployerSummary:
    """An ESP business's employee-Specials (names only) and the ESP time each used this month."""
    business = db.session.get(EspBusiness, business_id)
    start, end = month_bounds(today)
    used = (
        sa.select(Duty.volunteer_id, sa.func.sum(Duty.minutes).label("minutes"))
        .where(
            Duty.esp_business_id == business_id,
            Duty.is_esp,
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date >= start,
            Duty.duty_date < end,
        )
        .group_by(Duty.volunteer_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Volunteer.first_name, Volunteer.last_name, SpecialConstable.rank_id, sa.func.coalesce(used.c.minutes, 0)
        )
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .outerjoin(used, used.c.volunteer_id == Volunteer.id)
        .where(SpecialConstable.esp_business_id == business_id, Volunteer.status != "left")
        .order_by(Volunteer.last_name, Volunteer.first_name)
    ).all()
    from volunteers.models import Rank

    ranks = dict(db.session.execute(sa.select(Rank.id, Rank.name)).all())
    employees = [EmployeeHours(f"{first} {last}", ranks.get(rank_id, ""), int(m)) for first, last, rank_id, m in rows]
    return EmployerSummary(business, employees, business.release_minutes_per_month * len(employees))


def admin_summary() -> tuple[dict[Role, int], list[AuditEvent]]:
    """Accounts per role and the latest audit events."""
    counts = dict(db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(20)).all()
    return {role: counts.get(role, 0) for role in Role}, list(events)
