"""Figures about partners and youth: ESP businesses and the Specials they release, cadets and their units,
Active Citizens by district.

As in people.py, each figure is counted from a selection that the list behind it reads too.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import sqlalchemy as sa

from core.dated import as_of, as_recorded, valid_on
from core.models import District
from dashboard.periods import Period
from dashboard.queries.common import PM, active_on, member_on, rows, value_of
from dashboard.queries.people import specials_on
from history.models import CadetUnitMembership, CadetUnitStatus, VolunteerDistrict
from schemes.models import CadetUnit, EspBusiness, EspEngagement, EspStatus, UnitStatus
from volunteers.models import Cadet, CadetLeader, Programme, Volunteer

BEING_ENGAGED = (EspStatus.PROSPECT.value, EspStatus.ENGAGED.value)
NO_DISTRICT = "No district recorded"
NO_UNIT = "No unit recorded"
CADET_ROLES = (Programme.CADET.value, Programme.JUNIOR_CADET.value, Programme.CADET_LEADER.value)


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


def businesses_on(day) -> sa.Subquery:
    """Every ESP business with its status on ``day`` and whether it is the force itself."""
    return sa.select(EspBusiness.id, _esp_status_on(day).label("status"), EspBusiness.is_force).subquery(
        "businesses_on"
    )


def businesses(day, statuses: tuple[str, ...]) -> sa.Select:
    """The ESP businesses in one of ``statuses`` on ``day``."""
    sub = businesses_on(day)
    return sa.select(sub.c.id).where(sub.c.status.in_(statuses))


def esp_specials(day) -> sa.Subquery:
    """The Specials on ``day`` whose employer that day was a registered ESP business."""
    sub = specials_on(day)
    firms = businesses_on(day)
    return (
        sa.select(sub.c.volunteer_id, firms.c.is_force)
        .select_from(sub)
        .join(firms, firms.c.id == sub.c.esp_business_id)
        .where(firms.c.status == EspStatus.REGISTERED.value)
        .subquery("esp_specials")
    )


def esp(period: Period) -> dict:
    """ESP businesses registered on the last day, those being engaged, and the Specials they benefit."""
    firms = businesses_on(period.end)
    by_status = Counter(
        {value_of(s): n for s, n in rows(sa.select(firms.c.status, sa.func.count()).group_by(firms.c.status))}
    )
    released = esp_specials(period.end)
    specials_count, force_staff = rows(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((released.c.is_force, 1), else_=0)), 0))
    )[0]
    return {
        "businesses_registered": by_status[EspStatus.REGISTERED.value],
        "businesses_being_engaged": sum(by_status[s] for s in BEING_ENGAGED),
        "specials_benefiting": specials_count,
        "force_staff": int(force_staff),
    }


def cadet_people_on(day) -> sa.Subquery:
    """One row per cadet, junior cadet and cadet leader on ``day`` (``role`` is the programme), with the unit
    they were in that day."""
    CU = CadetUnitMembership
    cadets = (
        sa.select(
            Cadet.volunteer_id,
            sa.cast(PM.programme, sa.String).label("role"),
            as_of(CU, CU.cadet_unit_id, Cadet.cadet_unit_id).label("unit_id"),
        )
        .select_from(Cadet)
        .join(PM, PM.volunteer_id == Cadet.volunteer_id)
        .outerjoin(CU, sa.and_(CU.volunteer_id == Cadet.volunteer_id, CU.role == "cadet", valid_on(CU, day)))
        .where(PM.programme.in_([Programme.CADET, Programme.JUNIOR_CADET]), active_on(day))
    )
    leaders = (
        sa.select(
            CadetLeader.volunteer_id,
            sa.literal(Programme.CADET_LEADER.value, sa.String).label("role"),
            as_of(CU, CU.cadet_unit_id, CadetLeader.cadet_unit_id).label("unit_id"),
        )
        .select_from(CadetLeader)
        .outerjoin(CU, sa.and_(CU.volunteer_id == CadetLeader.volunteer_id, CU.role == "leader", valid_on(CU, day)))
        .where(member_on(CadetLeader.volunteer_id, Programme.CADET_LEADER, day))
    )
    return sa.union(cadets, leaders).subquery("cadet_people_on")


def cadet_units_with_members(day) -> sa.Select:
    """The cadet units with at least one cadet, junior cadet or leader on ``day``."""
    sub = cadet_people_on(day)
    return sa.select(sub.c.unit_id).where(sub.c.unit_id.is_not(None)).distinct()


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
    sub = cadet_people_on(end)
    counts: dict[int | None, Counter] = defaultdict(Counter)
    for unit_id, role, count in rows(
        sa.select(sub.c.unit_id, sub.c.role, sa.func.count(sa.distinct(sub.c.volunteer_id))).group_by(
            sub.c.unit_id, sub.c.role
        )
    ):
        counts[unit_id][value_of(role)] += count
    totals = Counter(
        {
            value_of(role): count
            for role, count in rows(
                sa.select(sub.c.role, sa.func.count(sa.distinct(sub.c.volunteer_id))).group_by(sub.c.role)
            )
        }
    )

    def line(unit_id, name, status_value) -> dict:
        c = counts.get(unit_id, Counter())
        return {
            "unit_id": unit_id,
            "unit": name,
            "status": value_of(status_value),
            "cadets": c[Programme.CADET.value],
            "junior_cadets": c[Programme.JUNIOR_CADET.value],
            "leaders": c[Programme.CADET_LEADER.value],
        }

    by_unit = [line(*unit) for unit in units if unit[2] is not None or unit[0] in counts]  # not units made later
    if None in counts:
        by_unit.append(line(None, NO_UNIT, None))
    return {
        "cadets": totals[Programme.CADET.value],
        "junior_cadets": totals[Programme.JUNIOR_CADET.value],
        "leaders": totals[Programme.CADET_LEADER.value],
        "units_with_members": sum(1 for unit_id in counts if unit_id is not None),
        "units_open": sum(1 for u in by_unit if u["status"] == UnitStatus.OPEN.value),
        "units_reopening": [u["unit"] for u in by_unit if u["status"] == UnitStatus.REOPENING.value],
        "by_unit": by_unit,
    }


def active_citizens_on(day) -> sa.Subquery:
    """One row per Active Citizen on ``day`` with the district recorded for them that day."""
    VD = VolunteerDistrict
    return (
        sa.select(PM.volunteer_id, as_of(VD, VD.district_id, Volunteer.district_id).label("district_id"))
        .select_from(PM)
        .join(Volunteer, Volunteer.id == PM.volunteer_id)
        .outerjoin(VD, sa.and_(VD.volunteer_id == PM.volunteer_id, valid_on(VD, day)))
        .where(PM.programme == Programme.ACTIVE_CITIZEN, active_on(day))
        .distinct()
        .subquery("active_citizens_on")
    )


def active_citizens(period: Period) -> dict:
    """Active Citizens / Police Support Volunteers on the last day, per district (recorded that day)."""
    sub = active_citizens_on(period.end)
    stmt = (
        sa.select(sub.c.district_id, District.name, sa.func.count(sa.distinct(sub.c.volunteer_id)))
        .select_from(sub)
        .outerjoin(District, District.id == sub.c.district_id)
        .group_by(sub.c.district_id, District.name)
    )
    by_district = sorted(
        (
            {"district": name or NO_DISTRICT, "district_id": district_id if name else None, "count": count}
            for district_id, name, count in rows(stmt)
        ),
        key=lambda d: d["district"],
    )
    return {
        "total": sum(d["count"] for d in by_district),
        "districts": sum(1 for d in by_district if d["district"] != NO_DISTRICT),
        "by_district": by_district,
    }
