"""The choices the scheduling forms offer (duty and shift forms): id and label pairs, in the order shown."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from core.models import District, Parish
from volunteers.models import Rank, Skill, Volunteer


def _pairs(stmt: sa.Select) -> list[tuple[int, str]]:
    return [(row[0], str(row[1])) for row in db.session.execute(stmt).all()]


def districts() -> list[tuple[int, str]]:
    """Every district by name."""
    return _pairs(sa.select(District.id, District.name).order_by(District.name))


def parishes() -> list[tuple[int, str]]:
    """Every parish or town by name."""
    return _pairs(sa.select(Parish.id, Parish.name).order_by(Parish.name))


def parishes_with_district() -> list[tuple[int, str]]:
    """Every parish or town by name, labelled with its district ("Ashby (North West)")."""
    rows = db.session.execute(
        sa.select(Parish.id, Parish.name, District.name).join(District).order_by(Parish.name)
    ).all()
    return [(parish_id, f"{name} ({district})") for parish_id, name, district in rows]


def ranks() -> list[tuple[int, str]]:
    """Special Constabulary ranks as (seniority, name), most junior first."""
    return _pairs(sa.select(Rank.seniority, Rank.name).order_by(Rank.seniority))


def skills() -> list[tuple[int, str]]:
    """Every skill by name."""
    return _pairs(sa.select(Skill.id, Skill.name).order_by(Skill.name))


def volunteers() -> list[tuple[int, str]]:
    """Every volunteer by surname, labelled "First Last (record number)", for staff logging a duty."""
    rows = db.session.execute(
        sa.select(Volunteer.id, Volunteer.first_name, Volunteer.last_name).order_by(
            Volunteer.last_name, Volunteer.first_name
        )
    ).all()
    return [(volunteer_id, f"{first} {last} ({volunteer_id})") for volunteer_id, first, last in rows]
