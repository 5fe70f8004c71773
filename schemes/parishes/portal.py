"""The parish portal: a council's posts, hours policed in the parish, claims and the monthly statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from reportlab.platypus import Spacer

from core import pdf
from core.dates import month_bounds
from core.extensions import db
from core.filters import hours, pounds, uk_date
from core.models import Parish
from scheduling.models import DutyMonthTotal
from schemes.common import last_months
from schemes.models import AgreementStatus, CscAgreement, CscClaim, CscPost
from schemes.parishes.services import council_detail
from volunteers.models import Programme, ProgrammeSetting

DEFAULT_COMMITMENT = 16 * 60


@dataclass
class PortalPost:
    number: int
    state: str
    since: date
    officer: str | None  # "Rank Name" only: no other personal data leaves the force
    stage: str | None


@dataclass
class OfficerMonth:
    officer: str
    duties: int
    minutes: int
    commitment_minutes: int

    @property
    def met(self) -> bool:
        return self.minutes >= self.commitment_minutes


@dataclass
class ParishStatement:
    parish: Parish
    month: date
    posts: list[PortalPost]
    officers: list[OfficerMonth]
    total_duties: int
    total_minutes: int
    budget_pence: int
    claimed_year_pence: int
    claims_in_month: list[tuple[date, str, int]]
    history: list[tuple[date, int, int]]

    @property
    def commitment_minutes(self) -> int:
        return sum(o.commitment_minutes for o in self.officers)

    @property
    def budget_left_pence(self) -> int:
        return self.budget_pence - self.claimed_year_pence


def _default_commitment() -> int:
    setting = db.session.get(ProgrammeSetting, Programme.CSC) or db.session.get(ProgrammeSetting, Programme.SPECIAL)
    return setting.monthly_commitment_minutes if setting else DEFAULT_COMMITMENT


def parish_statement(parish: Parish, month: date, history_months: int = 12) -> ParishStatement:
    """Everything the council may see for one month: its posts, its CSCs' hours in the parish, its claims."""
    agreements = council_detail(parish.id)
    live = [a for a in agreements if a.status != AgreementStatus.ENDED]
    posts, holders = [], {}
    for agreement in sorted(agreements, key=lambda a: a.signed_on):
        for post in agreement.posts:
            special = post.holder
            officer = f"{special.rank.name} {special.volunteer.full_name}" if special else None
            if special:
                holders[special.volunteer_id] = (officer, special.monthly_commitment_minutes)
            posts.append(
                PortalPost(
                    post.post_number,
                    post.state.label,
                    post.state_since,
                    officer,
                    special.stage.label if special else None,
                )
            )
    start, end = month_bounds(month)
    # Whole months: the hours ledger (scheduling/hours/ledger.py) holds them summed per volunteer and parish.
    # One read gives both the month per officer and the twelve months' history.
    ledger = DutyMonthTotal
    months = last_months(month, history_months)
    per_officer: dict[int, tuple[int, int]] = {}
    by_month: dict[tuple[int, int], tuple[int, int]] = {}
    for m, vid, count, minutes in db.session.execute(
        sa.select(ledger.month, ledger.volunteer_id, sa.func.sum(ledger.duties), sa.func.sum(ledger.minutes))
        .where(
            ledger.parish_id == parish.id,
            ledger.volunteer_id.in_(list(holders) or [-1]),
            ledger.month >= min(months[0], start),
            ledger.month < end,
        )
        .group_by(ledger.month, ledger.volunteer_id)
    ).all():
        m = m if isinstance(m, date) else date.fromisoformat(str(m)[:10])
        if m == start:
            per_officer[vid] = (int(count), int(minutes))
        done, spent = by_month.get((m.year, m.month), (0, 0))
        by_month[(m.year, m.month)] = (done + int(count), spent + int(minutes))
    default = _default_commitment()
    officers = [
        OfficerMonth(name, *per_officer.get(vid, (0, 0)), commitment or default)
        for vid, (name, commitment) in sorted(holders.items(), key=lambda item: item[1][0])
    ]
    history = [(m, *by_month.get((m.year, m.month), (0, 0))) for m in months]
    # The year's claims to the end of the month, read once: the month's list and the year's total.
    year_start = date(month.year, 1, 1)
    year_claims = db.session.execute(
        sa.select(CscClaim.claimed_on, CscClaim.claim_type, CscClaim.amount_pence)
        .join(CscPost, CscPost.id == CscClaim.post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(
            CscAgreement.parish_id == parish.id,
            CscClaim.claimed_on >= min(year_start, start),
            CscClaim.claimed_on < end,
        )
        .order_by(CscClaim.claimed_on, CscClaim.id)
    ).all()
    claims = [row for row in year_claims if row.claimed_on >= start]
    claimed_to_month = sum(int(row.amount_pence) for row in year_claims if row.claimed_on >= year_start)
    return ParishStatement(
        parish=parish,
        month=start,
        posts=posts,
        officers=officers,
        total_duties=sum(o.duties for o in officers),
        total_minutes=sum(o.minutes for o in officers),
        budget_pence=sum(a.annual_budget_pence for a in live),
        claimed_year_pence=claimed_to_month,
        claims_in_month=[(d, t.label, p) for d, t, p in claims],
        history=history,
    )


def statement_pdf(statement: ParishStatement) -> bytes:
    """The council's monthly statement as an A4 PDF (all text escaped by core.pdf)."""
    month_name = uk_date(statement.month, "%B %Y")
    story = [
        pdf.heading("Community Special Constable posts"),
        pdf.table(
            ["Post", "State", "Since", "Officer", "Stage"],
            [[p.number, p.state, uk_date(p.since), p.officer or "No officer", p.stage or ""] for p in statement.posts],
        )
        if statement.posts
        else pdf.text("The council funds no posts."),
        Spacer(1, 8),
        pdf.heading(f"Policing in the parish, {month_name}"),
        pdf.text(
            f"Duties: {statement.total_duties}. Hours policed in the parish: {hours(statement.total_minutes)} "
            f"against a commitment of {hours(statement.commitment_minutes)} hours."
        ),
        pdf.table(
            ["Officer", "Duties", "Hours", "Commitment (hours)", "Met"],
            [
                [o.officer, o.duties, hours(o.minutes), hours(o.commitment_minutes), "Yes" if o.met else "No"]
                for o in statement.officers
            ],
            numeric_columns=(1, 2, 3),
        )
        if statement.officers
        else pdf.text("No officer is in post."),
        Spacer(1, 8),
        pdf.heading("Claims against the budget"),
        pdf.text(
            f"Annual budget: {pounds(statement.budget_pence)}. Claimed in {statement.month.year} to the end of "
            f"{month_name}: {pounds(statement.claimed_year_pence)}. Left: {pounds(statement.budget_left_pence)}."
        ),
    ]
    if statement.claims_in_month:
        story.append(
            pdf.table(
                ["Date", "Type", "Amount"],
                [[uk_date(d), t, pounds(p)] for d, t, p in statement.claims_in_month],
                numeric_columns=(2,),
            )
        )
    story += [
        Spacer(1, 8),
        pdf.heading("The last twelve months"),
        pdf.table(
            ["Month", "Duties", "Hours"],
            [[uk_date(m, "%B %Y"), d, hours(mins)] for m, d, mins in statement.history],
            numeric_columns=(1, 2),
        ),
    ]
    return pdf.render(
        f"{statement.parish.council_name}: monthly statement",
        story,
        subtitle=f"{month_name} - {statement.parish.district.name}",
    )
