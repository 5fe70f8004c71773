"""CSAS: accredited organisations and persons; accreditation needs a refresher every 3 years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.dates import years_after, years_before
from core.extensions import db
from core.refusals import Refusal
from schemes.models import CsasOrganisation, CsasPerson

REFRESHER_YEARS = 3
DUE_SOON_DAYS = 90


def refresher_due(accredited_on: date) -> date:
    """The date a refresher is due: three years after accreditation."""
    return years_after(accredited_on, REFRESHER_YEARS)


def _overdue_before(today: date) -> date:
    """Accredited before this date means the refresher is overdue today."""
    return years_before(today, REFRESHER_YEARS)


def refresher_state(accredited_on: date, today: date) -> str:
    """'overdue', 'due_soon' or 'current'."""
    due = refresher_due(accredited_on)
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "current"


@dataclass
class OrgRow:
    organisation: CsasOrganisation
    persons: int
    overdue: int
    state: str


def org_rows(today: date, q: str | None = None, overdue_only: bool = False) -> list[OrgRow]:
    """Organisations with their active accredited persons and how many refreshers are overdue."""
    cutoff = _overdue_before(today)
    counts = (
        sa.select(
            CsasPerson.organisation_id,
            sa.func.count().label("persons"),
            sa.func.sum(sa.case((CsasPerson.accredited_on < cutoff, 1), else_=0)).label("overdue"),
        )
        .where(CsasPerson.active)
        .group_by(CsasPerson.organisation_id)
        .subquery()
    )
    stmt = (
        sa.select(CsasOrganisation, sa.func.coalesce(counts.c.persons, 0), sa.func.coalesce(counts.c.overdue, 0))
        .outerjoin(counts, counts.c.organisation_id == CsasOrganisation.id)
        .order_by(CsasOrganisation.name)
    )
    if q:
        stmt = stmt.where(CsasOrganisation.name.ilike(f"%{q}%"))
    if overdue_only:
        stmt = stmt.where(sa.or_(CsasOrganisation.accredited_on < cutoff, counts.c.overdue > 0))
    return [
        OrgRow(o, int(p), int(d), refresher_state(o.accredited_on, today)) for o, p, d in db.session.execute(stmt).all()
    ]


def save_organisation(org: CsasOrganisation | None, **values) -> CsasOrganisation:
    """Create or update an organisation; a duplicate name is refused."""
    name = values["name"].strip()
    clash = sa.select(CsasOrganisation.id).where(sa.func.lower(CsasOrganisation.name) == name.lower())
    if org is not None:
        clash = clash.where(CsasOrganisation.id != org.id)
    if db.session.scalar(clash) is not None:
        raise Refusal(f"An organisation called {name} is already accredited", "name")
    org = org or CsasOrganisation()
    org.name = name
    org.accredited_on = values["accredited_on"]
    org.contact_name = values.get("contact_name") or None
    org.contact_email = values.get("contact_email") or None
    db.session.add(org)
    db.session.flush()
    return org


def save_person(person: CsasPerson | None, organisation_id: int, **values) -> CsasPerson:
    """Create or update an accredited person."""
    person = person or CsasPerson(organisation_id=organisation_id)
    person.name = values["name"].strip()
    person.role = values.get("role") or None
    person.accredited_on = values["accredited_on"]
    person.active = bool(values.get("active"))
    db.session.add(person)
    db.session.flush()
    return person


def person_rows(
    today: date, organisation_id: int | None = None, due: str | None = None, q: str | None = None
) -> list[tuple[CsasPerson, date, str]]:
    """Active accredited persons with their refresher date and state, soonest due first."""
    stmt = (
        sa.select(CsasPerson)
        .where(CsasPerson.active)
        .options(joinedload(CsasPerson.organisation))
        .order_by(CsasPerson.accredited_on, CsasPerson.name)
    )
    if organisation_id:
        stmt = stmt.where(CsasPerson.organisation_id == organisation_id)
    if q:
        stmt = stmt.where(CsasPerson.name.ilike(f"%{q}%"))
    cutoff = _overdue_before(today)
    if due == "overdue":
        stmt = stmt.where(CsasPerson.accredited_on < cutoff)
    elif due == "due_soon":
        stmt = stmt.where(
            CsasPerson.accredited_on >= cutoff,
            CsasPerson.accredited_on <= cutoff + timedelta(days=DUE_SOON_DAYS),
        )
    return [
        (p, refresher_due(p.accredited_on), refresher_state(p.accredited_on, today)) for p in db.session.scalars(stmt)
    ]


def organisation_persons(organisation_id: int) -> list[CsasPerson]:
    """Every person of an organisation, active first."""
    return list(
        db.session.scalars(
            sa.select(CsasPerson)
            .where(CsasPerson.organisation_id == organisation_id)
            .order_by(CsasPerson.active.desc(), CsasPerson.name)
        )
    )


def organisation_names() -> list[tuple[int, str]]:
    """(id, name) of every organisation."""
    return [
        (i, n)
        for i, n in db.session.execute(
            sa.select(CsasOrganisation.id, CsasOrganisation.name).order_by(CsasOrganisation.name)
        )
    ]
