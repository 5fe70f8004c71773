"""The parish portal: a council's posts, hours policed in the parish, claims and the monthly statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from reportlab.platypus import Spacer

from core import pdf
from core.dates import month_bounds, today
from core.extensions import db
from core.filters import hours, pounds, uk_date
from core.models import Parish
from scheduling.hours.commitment import commitment_sql, commitment_verdict
from scheduling.hours.csc import own_parish_minutes_by_officer_and_month
from schemes.common import last_months
from schemes.models import AgreementStatus, CscAgreement, CscPost, PostState
from schemes.parishes.budget import budget_charges, kind_label
from schemes.parishes.in_post import cscs_in_post_on, posts_on
from schemes.parishes.services import council_detail
from volunteers.models import Rank, SpecialConstable, Volunteer


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
    month: date

    @property
    def met(self) -> bool:
        return self.minutes >= self.commitment_minutes

    @property
    def verdict(self) -> str | None:
        """'Met' or 'Not met' for a finished month, 'Not yet' for this one (the hours package's rule)."""
        return commitment_verdict(self.minutes, self.commitment_minutes, self.month, today())


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


def _officer_names(volunteer_ids: set[int]) -> dict[int, tuple[str, str, int]]:
    """{volunteer id: ("Rank Name", stage label, monthly commitment)}: the commitment is the hours package's
    rule (scheduling.hours.commitment); no other personal data leaves the force."""
    if not volunteer_ids:
        return {}
    rows = db.session.execute(
        sa.select(
            SpecialConstable.volunteer_id,
            Rank.name,
            Volunteer.first_name,
            Volunteer.last_name,
            SpecialConstable.stage,
            commitment_sql(),
        )
        .join(Volunteer, Volunteer.id == SpecialConstable.volunteer_id)
        .join(Rank, Rank.id == SpecialConstable.rank_id)
        .where(SpecialConstable.volunteer_id.in_(volunteer_ids))
    ).all()
    return {vid: (f"{rank} {first} {last}", stage.label, int(c)) for vid, rank, first, last, stage, c in rows}


def parish_statement(parish: Parish, month: date, history_months: int = 12) -> ParishStatement:
    """Everything the council may see for one month: its posts and their holders on the month's last day (today
    for this month), its CSCs' hours in the parish (scheduling.hours.csc: the post held on the day of each duty,
    so an officer who has left still counts for the months they served), and its claims."""
    agreements = council_detail(parish.id)
    live = [a for a in agreements if a.status != AgreementStatus.ENDED]
    start, end = month_bounds(month)
    last_day = end - timedelta(days=1)
    on = min(last_day, today())
    post_rows = db.session.execute(posts_on(on, parish.id)).all()
    in_post = {vid for vid, *_ in db.session.execute(cscs_in_post_on(on, parish.id))}
    months = last_months(month, history_months)
    totals = own_parish_minutes_by_officer_and_month(parish.id, min(months[0], start), last_day)
    per_officer = {vid: counted for (vid, m), counted in totals.items() if m == start}
    names = _officer_names({vid for *_, vid in post_rows if vid} | in_post | set(per_officer))
    posts = [
        PortalPost(
            number,
            PostState(state).label,
            since,
            names[holder][0] if holder in names else None,
            names[holder][1] if holder in names else None,
        )
        for _post_id, number, state, since, holder in post_rows
    ]
    # The officers of the month: the CSCs in post on its last day, and anyone whose duties counted in it.
    officers = sorted(
        (
            OfficerMonth(names[vid][0], *per_officer.get(vid, (0, 0)), names[vid][2], start)
            for vid in (in_post | set(per_officer))
            if vid in names
        ),
        key=lambda o: o.officer,
    )
    by_month: dict[date, tuple[int, int]] = {}
    for (_vid, m), (count, minutes) in totals.items():
        done, spent = by_month.get(m, (0, 0))
        by_month[m] = (done + count, spent + minutes)
    history = [(m, *by_month.get(m, (0, 0))) for m in months]
    # The year's claims to the end of the month, read once: the month's list and the year's total.
    year_start = date(month.year, 1, 1)
    charges = budget_charges()
    year_claims = db.session.execute(
        sa.select(charges.c.day, charges.c.kind, charges.c.amount_pence)
        .join(CscPost, CscPost.id == charges.c.post_id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(
            CscAgreement.parish_id == parish.id,
            charges.c.day >= min(year_start, start),
            charges.c.day < end,
        )
        .order_by(charges.c.day, charges.c.claim_id)
    ).all()
    claims = [row for row in year_claims if row.day >= start]
    claimed_to_month = sum(int(row.amount_pence) for row in year_claims if row.day >= year_start)
    return ParishStatement(
        parish=parish,
        month=start,
        posts=posts,
        officers=officers,
        total_duties=sum(o.duties for o in officers),
        total_minutes=sum(o.minutes for o in officers),
        budget_pence=sum(a.annual_budget_pence for a in live),
        claimed_year_pence=claimed_to_month,
        claims_in_month=[(d, kind_label(t), p) for d, t, p in claims],
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
                [o.officer, o.duties, hours(o.minutes), hours(o.commitment_minutes), o.verdict or ""]
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
