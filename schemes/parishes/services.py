"""Councils, CSC agreements, posts and claims: the coordinator's side."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from core.extensions import db
from core.models import CouncilKind, District, Parish
from core.refusals import Refusal
from schemes.models import (
    AgreementStatus,
    CscAgreement,
    CscPost,
    FundingOnLeaving,
    PostState,
)
from schemes.parishes.budget import budget_charges, kind_label
from volunteers.models import SpecialConstable

MAX_POSTS = 50
FILLED = (PostState.IN_TRAINING, PostState.IN_POST)


@dataclass
class CouncilRow:
    parish: Parish
    agreement: CscAgreement | None
    posts_funded: int = 0
    counts: dict[PostState, int] = field(default_factory=lambda: dict.fromkeys(PostState, 0))
    budget_pence: int = 0
    claimed_pence: int = 0

    def count(self, state: str) -> int:
        """Posts in a state (by its value, for templates)."""
        return self.counts[PostState(state)]

    @property
    def filled(self) -> int:
        return self.counts[PostState.IN_POST]

    @property
    def status_value(self) -> str:
        return self.agreement.status.value if self.agreement else "none"

    @property
    def status_label(self) -> str:
        return self.agreement.status.label if self.agreement else "No agreement"


def current_agreement(agreements: list[CscAgreement]) -> CscAgreement | None:
    """The latest agreement not ended, else the latest of all."""
    live = [a for a in agreements if a.status != AgreementStatus.ENDED]
    pool = live or agreements
    return max(pool, key=lambda a: (a.signed_on, a.id)) if pool else None


def council_rows(
    district_id: int | None = None, status: str | None = None, q: str | None = None, year: int | None = None
) -> list[CouncilRow]:
    """Every council with its current agreement, post states, budget and claims this year."""
    stmt = sa.select(Parish).options(joinedload(Parish.district)).order_by(Parish.name)
    if district_id:
        stmt = stmt.where(Parish.district_id == district_id)
    if q:
        stmt = stmt.where(Parish.name.ilike(f"%{q.strip()}%"))
    parishes = db.session.scalars(stmt).all()
    ids = [p.id for p in parishes]
    by_parish: dict[int, list[CscAgreement]] = {}
    if ids:
        for agreement in db.session.scalars(
            sa.select(CscAgreement).where(CscAgreement.parish_id.in_(ids)).options(selectinload(CscAgreement.posts))
        ):
            by_parish.setdefault(agreement.parish_id, []).append(agreement)
    claimed: dict[int, int] = {}
    if ids and year:
        charges = budget_charges()
        claimed = dict(
            db.session.execute(
                sa.select(CscAgreement.parish_id, sa.func.sum(charges.c.amount_pence))
                .join(CscPost, CscPost.agreement_id == CscAgreement.id)
                .join(charges, charges.c.post_id == CscPost.id)
                .where(CscAgreement.parish_id.in_(ids))
                .where(charges.c.day >= date(year, 1, 1), charges.c.day < date(year + 1, 1, 1))
                .group_by(CscAgreement.parish_id)
            ).all()
        )
    rows = []
    for parish in parishes:
        agreements = by_parish.get(parish.id, [])
        row = CouncilRow(parish, current_agreement(agreements), claimed_pence=int(claimed.get(parish.id) or 0))
        for agreement in agreements:
            if agreement.status == AgreementStatus.ENDED:
                continue
            row.posts_funded += agreement.posts_funded
            row.budget_pence += agreement.annual_budget_pence
            for post in agreement.posts:
                row.counts[post.state] += 1
        if status and row.status_value != status:
            continue
        rows.append(row)
    return rows


def unable_to_recruit(on: date) -> list[CouncilRow]:
    """Councils signed but unable to recruit: so marked, or signed a year ago with no officer or applicant."""
    found = []
    for row in council_rows():
        agreement = row.agreement
        if agreement is None or agreement.status == AgreementStatus.ENDED:
            continue
        stalled = (
            agreement.status == AgreementStatus.SIGNED
            and agreement.signed_on <= on - timedelta(days=365)
            and not (row.counts[PostState.IN_POST] or row.counts[PostState.IN_TRAINING])
            and not row.counts[PostState.APPLICANT_IN_PIPELINE]
        )
        if agreement.status == AgreementStatus.UNABLE_TO_RECRUIT or stalled:
            found.append(row)
    return found


def districts() -> list[District]:
    """Every district, by name (for filters and forms)."""
    return list(db.session.scalars(sa.select(District).order_by(District.name)))


def _check_unique_council(name: str, district_id: int, exclude_id: int | None = None) -> None:
    stmt = sa.select(Parish.id).where(
        Parish.district_id == district_id, sa.func.lower(Parish.name) == name.strip().lower()
    )
    if exclude_id:
        stmt = stmt.where(Parish.id != exclude_id)
    if db.session.scalar(stmt) is not None:
        raise Refusal(f"A council called {name.strip()} already exists in that district", "name")


def save_council(parish: Parish | None, **values) -> Parish:
    """Create or update a council; a duplicate name in the same district is refused."""
    if db.session.get(District, values["district_id"]) is None:
        raise Refusal("Choose a district", "district_id")
    _check_unique_council(values["name"], values["district_id"], parish.id if parish else None)
    parish = parish or Parish()
    parish.name = values["name"].strip()
    parish.council_kind = CouncilKind(values["council_kind"])
    parish.district_id = values["district_id"]
    parish.contact_name = values.get("contact_name") or None
    parish.contact_email = values.get("contact_email") or None
    parish.contact_phone = values.get("contact_phone") or None
    db.session.add(parish)
    db.session.flush()
    return parish


def save_agreement(parish: Parish, agreement: CscAgreement | None, **values) -> CscAgreement:
    """Create or update an agreement, adding posts (or removing unfilled ones) to match the posts funded."""
    posts_funded = values["posts_funded"]
    if not 1 <= posts_funded <= MAX_POSTS:
        raise Refusal(f"Posts funded must be between 1 and {MAX_POSTS}", "posts_funded")
    if values["annual_budget_pence"] < 0:
        raise Refusal("Annual budget cannot be negative", "annual_budget")
    agreement = agreement or CscAgreement(parish_id=parish.id)
    agreement.signed_on = values["signed_on"]
    agreement.posts_funded = posts_funded
    agreement.annual_budget_pence = values["annual_budget_pence"]
    agreement.status = AgreementStatus(values["status"])
    agreement.funding_on_leaving = FundingOnLeaving(values["funding_on_leaving"])
    agreement.ended_on = values.get("ended_on")
    agreement.notes = values.get("notes") or None
    if agreement.ended_on and agreement.ended_on < agreement.signed_on:
        raise Refusal("Ended on must be on or after the date signed", "ended_on")
    db.session.add(agreement)
    db.session.flush()
    posts = list(agreement.posts)
    numbers = {p.post_number for p in posts}
    for number in range(1, posts_funded + 1):
        if number not in numbers:
            agreement.posts.append(
                CscPost(post_number=number, state=PostState.RECRUITING, state_since=values["signed_on"])
            )
    for post in posts:
        if post.post_number > posts_funded:
            if post.holder is not None or post.claims or post.state in FILLED:
                raise Refusal(f"Post {post.post_number} has an officer or claims: it cannot be removed", "posts_funded")
            db.session.delete(post)
    db.session.flush()
    return agreement


def council_detail(parish_id: int) -> list[CscAgreement]:
    """A council's agreements with posts, officers and claims loaded."""
    return list(
        db.session.scalars(
            sa.select(CscAgreement)
            .where(CscAgreement.parish_id == parish_id)
            .options(
                selectinload(CscAgreement.posts).options(
                    joinedload(CscPost.holder).options(
                        joinedload(SpecialConstable.volunteer), joinedload(SpecialConstable.rank)
                    ),
                )
            )
            .order_by(CscAgreement.signed_on.desc())
        )
    )


def claim_rows(parish_id: int | None = None, year: int | None = None) -> list[tuple]:
    """Claims against councils' budgets (council, post, date, type, pence, description) for CSV and lists."""
    charges = budget_charges()
    stmt = (
        sa.select(
            Parish.name,
            CscPost.post_number,
            charges.c.day,
            charges.c.kind,
            charges.c.amount_pence,
            charges.c.description,
        )
        .join(CscPost, CscPost.id == charges.c.post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .join(Parish, Parish.id == CscAgreement.parish_id)
        .order_by(charges.c.day, Parish.name)
    )
    if parish_id:
        stmt = stmt.where(Parish.id == parish_id)
    if year:
        stmt = stmt.where(charges.c.day >= date(year, 1, 1), charges.c.day < date(year + 1, 1, 1))
    return [
        (name, number, day, kind_label(kind), pence, desc)
        for name, number, day, kind, pence, desc in db.session.execute(stmt)
    ]
