"""Cadet units: counts of leaders and cadets against capacity, and the unit roll."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.extensions import db
from core.refusals import Refusal
from schemes.models import CadetUnit, UnitStatus
from volunteers.models import Cadet, CadetLeader, Volunteer, VolunteerStatus

MAX_CAPACITY = 200


@dataclass
class UnitRow:
    unit: CadetUnit
    leaders: int
    cadets: int

    @property
    def places_left(self) -> int:
        return max(self.unit.capacity - self.cadets, 0)


def _serving_count(model, unit_ids: list[int]) -> dict[int, int]:
    return dict(
        db.session.execute(
            sa.select(model.cadet_unit_id, sa.func.count())
            .join(Volunteer, Volunteer.id == model.volunteer_id)
            .where(model.cadet_unit_id.in_(unit_ids), Volunteer.status != VolunteerStatus.LEFT)
            .group_by(model.cadet_unit_id)
        ).all()
    )


def unit_rows(
    district_id: int | None = None, status: str | None = None, q: str | None = None, ids: list[int] | None = None
) -> list[UnitRow]:
    """Units with their serving leaders and cadets."""
    stmt = sa.select(CadetUnit).options(joinedload(CadetUnit.district)).order_by(CadetUnit.name)
    if district_id:
        stmt = stmt.where(CadetUnit.district_id == district_id)
    if status:
        stmt = stmt.where(CadetUnit.status == UnitStatus(status))
    if q:
        stmt = stmt.where(sa.or_(CadetUnit.name.ilike(f"%{q}%"), CadetUnit.place.ilike(f"%{q}%")))
    if ids is not None:
        stmt = stmt.where(CadetUnit.id.in_(ids))
    units = list(db.session.scalars(stmt))
    unit_ids = [u.id for u in units]
    leaders, cadets = _serving_count(CadetLeader, unit_ids), _serving_count(Cadet, unit_ids)
    return [UnitRow(u, leaders.get(u.id, 0), cadets.get(u.id, 0)) for u in units]


def save_unit(unit: CadetUnit | None, **values) -> CadetUnit:
    """Create or update a unit; a duplicate name or an absurd capacity is refused."""
    name = values["name"].strip()
    clash = sa.select(CadetUnit.id).where(sa.func.lower(CadetUnit.name) == name.lower())
    if unit is not None:
        clash = clash.where(CadetUnit.id != unit.id)
    if db.session.scalar(clash) is not None:
        raise Refusal(f"A unit called {name} already exists", "name")
    if not 0 <= values["capacity"] <= MAX_CAPACITY:
        raise Refusal(f"Capacity must be between 0 and {MAX_CAPACITY}", "capacity")
    unit = unit or CadetUnit()
    unit.name = name
    unit.place = values["place"].strip()
    unit.district_id = values["district_id"]
    unit.capacity = values["capacity"]
    unit.status = UnitStatus(values["status"])
    unit.meeting_night = values.get("meeting_night") or None
    db.session.add(unit)
    db.session.flush()
    return unit


def led_unit_id(volunteer_id: int | None) -> int | None:
    """The unit a volunteer leads, if any."""
    if volunteer_id is None:
        return None
    return db.session.scalar(sa.select(CadetLeader.cadet_unit_id).where(CadetLeader.volunteer_id == volunteer_id))


def leader_names(unit_id: int) -> list[tuple[str, bool]]:
    """(name, is unit lead) of the unit's serving leaders."""
    rows = db.session.execute(
        sa.select(Volunteer.first_name, Volunteer.last_name, CadetLeader.is_unit_lead)
        .join(CadetLeader, CadetLeader.volunteer_id == Volunteer.id)
        .where(CadetLeader.cadet_unit_id == unit_id, Volunteer.status != VolunteerStatus.LEFT)
        .order_by(CadetLeader.is_unit_lead.desc(), Volunteer.last_name)
    ).all()
    return [(f"{first} {last}", lead) for first, last, lead in rows]


@dataclass
class RollEntry:
    name: str
    date_of_birth: date | None
    age: int | None
    junior: bool
    guardian: str
    guardian_phone: str | None
    consent_on: date | None
    dofe: str
    partner_referral: bool


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def unit_roll(unit_id: int, on: date) -> list[RollEntry]:
    """The unit's serving cadets with the details leaders need (staff and that unit's leaders only)."""
    cadets = db.session.scalars(
        sa.select(Cadet)
        .join(Volunteer, Volunteer.id == Cadet.volunteer_id)
        .where(Cadet.cadet_unit_id == unit_id, Volunteer.status != VolunteerStatus.LEFT)
        .options(joinedload(Cadet.volunteer))
        .order_by(Volunteer.last_name, Volunteer.first_name)
    ).all()
    return [
        RollEntry(
            c.volunteer.full_name,
            c.volunteer.date_of_birth,
            _age(c.volunteer.date_of_birth, on),
            c.is_junior,
            c.guardian_name,
            c.guardian_phone,
            c.guardian_consent_on,
            c.dofe_level.label if c.dofe_level.value != "none" else "",
            c.referred_by_partner_agency,
        )
        for c in cadets
    ]
