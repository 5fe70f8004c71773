"""People figures: headcount by programme, Specials by stage and area, CSCs, ESP, cadets, Active Citizens."""

from __future__ import annotations

from collections import Counter, defaultdict

import sqlalchemy as sa

from core.dated import as_of, as_recorded, valid_on
from core.models import Command, District
from dashboard.periods import Period
from dashboard.queries.common import PM, TRAINED_STAGES, active_on, member_on, rows, stage_on, value_of
from history.models import (
    CadetUnitMembership,
    CadetUnitStatus,
    CscAgreementStatus,
    SpecialAssignment,
    VolunteerDistrict,
)
from schemes.models import (
    AgreementStatus,
    CadetUnit,
    CscAgreement,
    EspBusiness,
    EspEngagement,
    EspStatus,
    PostState,
    UnitStatus,
)
from schemes.parishes.in_post import cscs_in_post_on, posts_by_state_on
from volunteers.models import (
    Cadet,
    CadetLeader,
    LearningStage,
    Programme,
    Rank,
    SpecialConstable,
    Volunteer,
)


def headcount(period: Period) -> list[dict]:
    """People in each programme at the start (the day before) and end of the period, joiners and leavers."""

    def distinct_when(condition):
        return sa.func.count(sa.distinct(sa.case((condition, PM.volunteer_id))))

    in_period = sa.and_(PM.started_on >= period.start, PM.started_on <= period.end)
    ended_in_period = sa.and_(PM.ended_on >= period.start, PM.ended_on <= period.end)
    stmt = (
        sa.select(
            PM.programme,
            distinct_when(active_on(period.opening)),
            distinct_when(active_on(period.end)),
            distinct_when(in_period),
            distinct_when(ended_in_period),
        )
        .where(PM.started_on <= period.end)
        .group_by(PM.programme)
    )
    found = {value_of(p): (s, e, j, left) for p, s, e, j, left in rows(stmt)}
    result = []
    for programme in Programme:
        start, end, joined, left = found.get(programme.value, (0, 0, 0, 0))
        result.append(
            {
                "programme": programme.value,
                "label": programme.label,
                "start": start,
                "end": end,
                "change": end - start,
                "joined": joined,
                "left": left,
            }
        )
    return result


SA = SpecialAssignment


def _assignment_on(day, volunteer_id=SpecialConstable.volunteer_id):
    """The join condition for a Special's assignment row (command, post, employer) valid on ``day``."""
    return sa.and_(SA.volunteer_id == volunteer_id, valid_on(SA, day))


def specials(period: Period) -> dict:
    """Specials on the last day by learning stage, command and rank (both held that day), and CSCs in post or in
    training."""
    end = period.end
    stage = stage_on(end).label("stage")
    is_csc = member_on(SpecialConstable.volunteer_id, Programme.CSC, end).label("is_csc")
    command_id = as_of(SA, SA.command_id, SpecialConstable.command_id)
    # A row without a rank (the rank since deleted) counts under the rank held now.
    rank_id = sa.func.coalesce(as_of(SA, SA.rank_id, SpecialConstable.rank_id), SpecialConstable.rank_id)
    stmt = (
        sa.select(stage, Command.id, Command.name, Rank.name, is_csc, sa.func.count())
        .select_from(SpecialConstable)
        .outerjoin(SA, _assignment_on(end))
        .join(Command, Command.id == command_id)
        .join(Rank, Rank.id == rank_id)
        .where(member_on(SpecialConstable.volunteer_id, Programme.SPECIAL, end))
        .group_by(stage, Command.id, Command.name, Rank.name, is_csc)
    )
    by_stage: Counter = Counter()
    by_command: Counter = Counter()
    by_rank: Counter = Counter()
    csc = Counter()
    total = 0
    command_ids = {}
    for stage_value, command_id, command, rank, csc_flag, count in rows(stmt):
        total += count
        by_stage[stage_value] += count
        by_command[command] += count
        command_ids[command] = command_id
        by_rank[rank] += count
        if csc_flag and stage_value not in TRAINED_STAGES:
            csc["in_training"] += count
    return {
        "total": total,
        "by_stage": [{"stage": s.value, "label": s.label, "count": by_stage.get(s.value, 0)} for s in LearningStage],
        "by_command": [
            {"command": name, "command_id": command_ids[name], "count": by_command[name]} for name in sorted(by_command)
        ],
        "by_rank": [{"rank": name, "count": count} for name, count in by_rank.most_common()],
        "csc_in_training": csc["in_training"],
    }


def csc_schemes(period: Period) -> dict:
    """CSCs in post and the parishes they serve, agreements (signed by the end) by status and posts by state,
    on the last day. CSCs in post and posts by state both come from schemes.parishes.in_post (one owner)."""
    end = period.end
    in_post = cscs_in_post_on(end).subquery()
    cscs_in_post, parishes_with_csc = rows(
        sa.select(sa.func.count(), sa.func.count(sa.distinct(in_post.c.parish_id))).select_from(in_post)
    )[0]
    H = CscAgreementStatus
    status = as_recorded(H, "agreement_id", CscAgreement.id, H.status, CscAgreement.status).label("status")
    agreements = {
        value_of(status_value): count
        for status_value, count in rows(
            sa.select(status, sa.func.count(sa.distinct(CscAgreement.parish_id)))
            .select_from(CscAgreement)
            .outerjoin(H, sa.and_(H.agreement_id == CscAgreement.id, valid_on(H, end)))
            .where(CscAgreement.signed_on <= end)
            .group_by(status)
        )
    }
    posts = {value_of(state_value): count for state_value, count in rows(posts_by_state_on(end))}

    return {
        "in_post": int(cscs_in_post),
        "parishes_with_csc_in_post": int(parishes_with_csc),
        "parishes_signed_and_recruited": agreements.get(AgreementStatus.ACTIVE.value, 0),
        "parishes_signed_unable_to_recruit": agreements.get(AgreementStatus.UNABLE_TO_RECRUIT.value, 0),
        "parishes_signed_recruiting": agreements.get(AgreementStatus.SIGNED.value, 0),
        "agreements_ended": agreements.get(AgreementStatus.ENDED.value, 0),
        "posts_by_state": [{"state": s.value, "label": s.label, "count": posts.get(s.value, 0)} for s in PostState],
    }


def _esp_status_on(day):
    """A business's ESP status on ``day``: its latest engagement step, else its recorded status."""
    latest = (
        sa.select(EspEngagement.status)
        .where(EspEngagement.business_id == EspBusiness.id, EspEngagement.occurred_on <= day)
        .order_by(EspEngagement.occurred_on.desc(), EspEngagement.id.desc())
        .limit(1)
        .correlate(EspBusiness)
        .scalar_subquery()
    )
    signed_later = sa.and_(EspBusiness.status == EspStatus.REGISTERED, EspBusiness.agreement_signed_on > day)
    fallback = sa.case((signed_later, EspStatus.ENGAGED.value), else_=sa.cast(EspBusiness.status, sa.String))
    return sa.func.coalesce(sa.cast(latest, sa.String), fallback)


def esp(period: Period) -> dict:
    """ESP businesses registered on the last day, those being engaged, and the Specials they benefit."""
    end = period.end
    status = _esp_status_on(end).label("status")
    businesses = Counter()
    for status_value, _is_force, count in rows(
        sa.select(status, EspBusiness.is_force, sa.func.count()).group_by(status, EspBusiness.is_force)
    ):
        businesses[value_of(status_value)] += count
    registered = sa.select(EspBusiness.id).where(_esp_status_on(end) == EspStatus.REGISTERED.value)
    business_id = as_of(SA, SA.esp_business_id, SpecialConstable.esp_business_id)
    specials_count, force_staff = rows(
        sa.select(
            sa.func.count(sa.distinct(SpecialConstable.volunteer_id)),
            sa.func.coalesce(sa.func.sum(sa.case((EspBusiness.is_force, 1), else_=0)), 0),
        )
        .select_from(SpecialConstable)
        .outerjoin(SA, _assignment_on(end))
        .join(EspBusiness, EspBusiness.id == business_id)
        .where(business_id.in_(registered))
        .where(member_on(SpecialConstable.volunteer_id, Programme.SPECIAL, end))
    )[0]
    return {
        "businesses_registered": businesses.get(EspStatus.REGISTERED.value, 0),
        "businesses_being_engaged": businesses.get(EspStatus.PROSPECT.value, 0)
        + businesses.get(EspStatus.ENGAGED.value, 0),
        "specials_benefiting": specials_count,
        "force_staff": int(force_staff),
    }


def cadets(period: Period) -> dict:
    """Cadets, junior cadets and leaders per unit (the unit they were in that day) and each unit's status, on the
    last day."""
    end = period.end
    US = CadetUnitStatus
    status = as_recorded(US, "unit_id", CadetUnit.id, US.status, CadetUnit.status).label("status")
    units = rows(
        sa.select(CadetUnit.id, CadetUnit.name, status)
        .select_from(CadetUnit)
        .outerjoin(US, sa.and_(US.unit_id == CadetUnit.id, valid_on(US, end)))
        .order_by(CadetUnit.name)
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    CU = CadetUnitMembership
    cadet_unit = as_of(CU, CU.cadet_unit_id, Cadet.cadet_unit_id).label("unit_id")
    for unit_id, programme, count in rows(
        sa.select(cadet_unit, PM.programme, sa.func.count(sa.distinct(Cadet.volunteer_id)))
        .select_from(Cadet)
        .join(PM, PM.volunteer_id == Cadet.volunteer_id)
        .outerjoin(CU, sa.and_(CU.volunteer_id == Cadet.volunteer_id, CU.role == "cadet", valid_on(CU, end)))
        .where(PM.programme.in_([Programme.CADET, Programme.JUNIOR_CADET]), active_on(end))
        .group_by(cadet_unit, PM.programme)
    ):
        counts[unit_id][value_of(programme)] += count
    leader_unit = as_of(CU, CU.cadet_unit_id, CadetLeader.cadet_unit_id).label("unit_id")
    for unit_id, count in rows(
        sa.select(leader_unit, sa.func.count(sa.distinct(CadetLeader.volunteer_id)))
        .select_from(CadetLeader)
        .outerjoin(CU, sa.and_(CU.volunteer_id == CadetLeader.volunteer_id, CU.role == "leader", valid_on(CU, end)))
        .where(member_on(CadetLeader.volunteer_id, Programme.CADET_LEADER, end))
        .group_by(leader_unit)
    ):
        counts[unit_id]["leaders"] += count
    by_unit = []
    for unit_id, name, status_value in units:
        c = counts.get(unit_id, Counter())
        if status_value is None and not c:
            continue  # a unit made after the day
        by_unit.append(
            {
                "unit_id": unit_id,
                "unit": name,
                "status": value_of(status_value),
                "cadets": c[Programme.CADET.value],
                "junior_cadets": c[Programme.JUNIOR_CADET.value],
                "leaders": c["leaders"],
            }
        )
    active_units = [u for u in by_unit if u["cadets"] or u["junior_cadets"] or u["leaders"]]
    return {
        "cadets": sum(u["cadets"] for u in by_unit),
        "junior_cadets": sum(u["junior_cadets"] for u in by_unit),
        "leaders": sum(u["leaders"] for u in by_unit),
        "units_with_members": len(active_units),
        "units_open": sum(1 for u in by_unit if u["status"] == UnitStatus.OPEN.value),
        "units_reopening": [u["unit"] for u in by_unit if u["status"] == UnitStatus.REOPENING.value],
        "by_unit": by_unit,
    }


def active_citizens(period: Period) -> dict:
    """Active Citizens / Police Support Volunteers on the last day, per district (recorded that day)."""
    VD = VolunteerDistrict
    district_id = as_of(VD, VD.district_id, Volunteer.district_id)
    stmt = (
        sa.select(District.id, District.name, sa.func.count(sa.distinct(PM.volunteer_id)))
        .select_from(PM)
        .join(Volunteer, Volunteer.id == PM.volunteer_id)
        .outerjoin(VD, sa.and_(VD.volunteer_id == PM.volunteer_id, valid_on(VD, period.end)))
        .outerjoin(District, District.id == district_id)
        .where(PM.programme == Programme.ACTIVE_CITIZEN, active_on(period.end))
        .group_by(District.id, District.name)
    )
    by_district = sorted(
        (
            {"district": name or "No district recorded", "district_id": district_id, "count": count}
            for district_id, name, count in rows(stmt)
        ),
        key=lambda d: d["district"],
    )
    return {
        "total": sum(d["count"] for d in by_district),
        "districts": sum(1 for d in by_district if d["district"] != "No district recorded"),
        "by_district": by_district,
    }
