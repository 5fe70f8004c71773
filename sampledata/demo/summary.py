"""The seed's summary lines, counted back from the database rather than restated."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from sampledata.demo.duties import summer
from scheduling.models import Duty, DutyStatus
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CsasOrganisation,
    CsasPerson,
    CscAgreement,
    CscPost,
    EspBusiness,
    EspStatus,
    PostState,
    SpeedWatchGroup,
    SpeedWatchSession,
    UnitStatus,
    WatchMemberSnapshot,
    WatchScheme,
)
from volunteers.models import (
    Application,
    ApplicationOutcome,
    LearningStage,
    Programme,
    ProgrammeMembership,
    SpecialConstable,
    Volunteer,
    VolunteerStatus,
)


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def active_in(programme: Programme) -> int:
    """People with an open membership of the programme."""
    return _count(
        sa.select(ProgrammeMembership.volunteer_id).where(
            ProgrammeMembership.programme == programme, ProgrammeMembership.ended_on.is_(None)
        )
    )


def members_on(scheme_name: str, day: date) -> int:
    return (
        db.session.scalar(
            sa.select(WatchMemberSnapshot.members)
            .join(WatchScheme)
            .where(WatchScheme.name == scheme_name, WatchMemberSnapshot.recorded_on <= day)
            .order_by(WatchMemberSnapshot.recorded_on.desc())
            .limit(1)
        )
        or 0
    )


def headline_figures(today: date) -> list[str]:
    active_specials = sa.select(SpecialConstable).join(Volunteer).where(Volunteer.status == VolunteerStatus.ACTIVE)
    in_post = (
        sa.select(CscPost.id, CscAgreement.parish_id)
        .join(CscAgreement)
        .where(CscPost.state == PostState.IN_POST)
        .subquery()
    )
    parishes = db.session.scalar(sa.select(sa.func.count(sa.distinct(in_post.c.parish_id))))
    training = _count(sa.select(CscPost.id).where(CscPost.state == PostState.IN_TRAINING))
    agreements = dict(
        db.session.execute(sa.select(CscAgreement.status, sa.func.count()).group_by(CscAgreement.status)).all()
    )
    esp = dict(db.session.execute(sa.select(EspBusiness.status, sa.func.count()).group_by(EspBusiness.status)).all())
    esp_specials = _count(active_specials.where(SpecialConstable.esp_business_id.is_not(None)))
    force_staff = _count(active_specials.join(EspBusiness).where(EspBusiness.is_force.is_(True)))
    july, august = summer(today)
    csc_duties = db.session.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(Duty.minutes), 0))
        .join(SpecialConstable, SpecialConstable.volunteer_id == Duty.volunteer_id)
        .join(CscPost, CscPost.id == SpecialConstable.csc_post_id)
        .join(CscAgreement)
        .where(
            CscPost.state == PostState.IN_POST,
            Duty.status == DutyStatus.APPROVED,
            Duty.duty_date.between(july, august),
            Duty.parish_id == CscAgreement.parish_id,
        )
    ).one()
    june = date(july.year, 6, 1)
    dog, farm = members_on("Essex Dog Watch", today), members_on("Essex Farm and Rural Watch", today)
    letters = db.session.scalar(
        sa.select(sa.func.sum(SpeedWatchSession.first_letters + SpeedWatchSession.final_letters)).where(
            SpeedWatchSession.session_date > today - timedelta(days=365)
        )
    )
    apps = db.session.execute(
        sa.select(Application.outcome, sa.func.count())
        .where(
            Application.applied_on >= today - timedelta(days=730),
            Application.applied_on < today - timedelta(days=365),
            Application.programme == Programme.SPECIAL,
        )
        .group_by(Application.outcome)
    ).all()
    apps = dict(apps)
    closed = sum(apps.values()) or 1
    recent = _count(sa.select(Application.id).where(Application.applied_on > today - timedelta(days=365)))
    units = dict(db.session.execute(sa.select(CadetUnit.status, sa.func.count()).group_by(CadetUnit.status)).all())
    qualified = _count(active_specials.where(SpecialConstable.stage == LearningStage.QUALIFIED))
    engaged = esp.get(EspStatus.PROSPECT, 0) + esp.get(EspStatus.ENGAGED, 0)
    lines = [
        f"{_count(active_specials)} Special Constables ({_count(in_post.select())} CSCs in post across {parishes} "
        f"parishes, {training} in training); {qualified} qualified",
        f"CSC agreements: {agreements.get(AgreementStatus.ACTIVE, 0)} parishes signed and recruited, "
        f"{agreements.get(AgreementStatus.UNABLE_TO_RECRUIT, 0)} signed but unable to recruit",
        f"CSCs in post, {july:%d %B} to {august:%d %B %Y}: {csc_duties[0]} duties, "
        f"{csc_duties[1] / 60:g} hours in their parishes",
        f"ESP: {esp.get(EspStatus.REGISTERED, 0)} businesses registered (incl. Essex Police) benefiting {esp_specials} "
        f"Specials ({force_staff} Essex Police staff); {engaged} being engaged",
        f"Cadets: {active_in(Programme.CADET)} cadets (+{active_in(Programme.JUNIOR_CADET)} junior cadets) and "
        f"{active_in(Programme.CADET_LEADER)} leaders in {units.get(UnitStatus.OPEN, 0)} units; "
        f"{units.get(UnitStatus.REOPENING, 0)} units to re-open",
        f"Active Citizens / PSVs: {active_in(Programme.ACTIVE_CITIZEN)}",
        f"Watch schemes: Dog Watch {dog:,} (+{dog - members_on('Essex Dog Watch', june)} since {june:%d %B}), "
        f"Farm and Rural Watch {farm:,} (+{farm - members_on('Essex Farm and Rural Watch', june)}); "
        f"Neighbourhood Watch {members_on('Essex Neighbourhood Watch', today):,}",
        f"Community Speed Watch: {_count(sa.select(SpeedWatchGroup.id))} groups, {active_in(Programme.SPEED_WATCH)} "
        f"volunteers, {letters:,} warning letters in the last 12 months",
        f"CSAS: {_count(sa.select(CsasOrganisation.id))} organisations, "
        f"{_count(sa.select(CsasPerson.id).where(CsasPerson.active.is_(True)))} accredited persons",
        f"Recruitment: {recent} applications in the last 12 months; the cohort of 12-24 months ago converted "
        f"{apps.get(ApplicationOutcome.JOINED, 0) / closed:.1%} to attested",
    ]
    return lines
