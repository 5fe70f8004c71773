"""Claims: a volunteer claims against their own approved duties or a training course, within what the rules allow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.filters import uk_date
from core.models import District, User
from core.refusals import Refusal
from expenses.models import ClaimedDuty, ClaimedTraining, ClaimKind, ClaimState, ExpenseClaim, ExpenseRate
from expenses.rates import VEHICLES, rate_in_force, subsistence_bands_on, subsistence_for
from expenses.receipts import NEEDS_RECEIPT, Upload, store_receipt
from expenses.training import (
    refuse_kind_for_training,
    refuse_training_claimed,
    training_claimed_message,
    training_record_of,
)
from scheduling.hours.ledger import programme_on
from scheduling.models import Duty, DutyStatus
from schemes.models import CscAgreement, CscPost
from schemes.parishes.budget import refuse_over_budget
from volunteers.models import SpecialConstable, Volunteer

MAX_MILES = 1000
ENTERED_AMOUNT = NEEDS_RECEIPT  # the volunteer says what they spent or lost; mileage and boots are worked out


@dataclass(frozen=True)
class ClaimInput:
    """What a volunteer asks for (amounts in pence)."""

    kind: ClaimKind
    duty_ids: list[int]
    variant: str = ""
    miles: int | None = None
    amount_pence: int | None = None
    description: str | None = None
    receipt: Upload | None = None
    training_record_id: int | None = None  # the training course a claim is for, instead of duties
    for_training: bool = False  # asked for a training course (the record may still be missing)


@dataclass(frozen=True)
class Occasion:
    """A day a claim is for: a duty (with its length) or a training course (whose length is not recorded)."""

    day: date
    minutes: int | None
    what: str  # "your duty on 4 July 2026", "Driving course on 4 July 2026"

    @classmethod
    def of_duty(cls, duty: Duty) -> Occasion:
        return cls(duty.duty_date, duty.minutes, f"your duty on {uk_date(duty.duty_date)}")


def claimable_duties(volunteer_id: int, kind: ClaimKind) -> list[Duty]:
    """A volunteer's approved duties not yet claimed for this kind, newest first: what they may claim against."""
    claimed = sa.select(ClaimedDuty.duty_id).where(ClaimedDuty.kind == kind, ClaimedDuty.live)
    return list(
        db.session.scalars(
            sa.select(Duty)
            .where(Duty.volunteer_id == volunteer_id, Duty.status == DutyStatus.APPROVED, Duty.id.not_in(claimed))
            .order_by(Duty.duty_date.desc(), Duty.starts_at.desc())
            .limit(60)
        )
    )


def _duties_of(volunteer_id: int, duty_ids: list[int]) -> list[Duty]:
    """The chosen duties, each the volunteer's own and approved, else refused naming the duties field."""
    if not duty_ids:
        raise Refusal("Choose the duty or duties you are claiming for", "duties")
    duties = list(db.session.scalars(sa.select(Duty).where(Duty.id.in_(set(duty_ids))).order_by(Duty.duty_date)))
    if len(duties) != len(set(duty_ids)) or any(d.volunteer_id != volunteer_id for d in duties):
        raise Refusal("You can only claim for your own duties", "duties")
    for duty in duties:
        if duty.status != DutyStatus.APPROVED:
            raise Refusal(
                f"Your duty on {uk_date(duty.duty_date)} is not approved yet: claim once a supervisor approves it",
                "duties",
            )
    return duties


def _already_claimed(kind: ClaimKind, duties: list[Duty]) -> None:
    """One claim per duty and type (the database's unique index says the same)."""
    taken = db.session.scalar(
        sa.select(Duty.duty_date)
        .join(ClaimedDuty, ClaimedDuty.duty_id == Duty.id)
        .where(ClaimedDuty.duty_id.in_([d.id for d in duties]), ClaimedDuty.kind == kind, ClaimedDuty.live)
        .limit(1)
    )
    if taken is not None:
        raise Refusal(f"You have already claimed {kind.label.lower()} for your duty on {uk_date(taken)}", "duties")


def _rate(kind: ClaimKind, variant: str, day: date) -> ExpenseRate:
    rate = rate_in_force(kind, variant, day)
    if rate is None:
        raise Refusal(f"There is no {kind.label.lower()} rate for {uk_date(day)}: ask the CiP team", "kind")
    return rate


def _over_cap(label: str, amount: int, cap: int) -> None:
    if amount > cap:
        raise Refusal(f"Amount must be at most £{cap / 100:,.2f} ({label})", "amount")


def price_claim(volunteer_id: int, asked: ClaimInput, occasions: list[Occasion]) -> tuple[int, ExpenseRate, str]:
    """The amount a claim pays, the rate it is paid at (the first day's) and its variant, or a refusal saying which
    rule it breaks."""
    day, kind = occasions[0].day, asked.kind
    if kind in ENTERED_AMOUNT and (asked.amount_pence is None or asked.amount_pence <= 0):
        raise Refusal("Enter the amount you are claiming, like 12.50", "amount")
    if kind == ClaimKind.OTHER and not (asked.description or "").strip():
        raise Refusal("Say what the claim is for", "description")
    if kind == ClaimKind.MILEAGE:
        if asked.variant not in VEHICLES:
            raise Refusal("Choose the vehicle you travelled in", "variant")
        if asked.miles is None or not 1 <= asked.miles <= MAX_MILES:
            raise Refusal(f"Miles travelled must be a whole number from 1 to {MAX_MILES}", "miles")
        rate = _rate(kind, asked.variant, day)
        return asked.miles * rate.amount_pence, rate, asked.variant
    if kind == ClaimKind.SUBSISTENCE:
        bands = subsistence_bands_on(day)
        if not bands:
            raise Refusal(f"There is no subsistence rate for {uk_date(day)}: ask the CiP team", "kind")
        earned = [subsistence_for(o.minutes, o.day) if o.minutes is not None else None for o in occasions]
        for occasion, band in zip(occasions, earned, strict=True):
            if band is None:
                shortest = (bands[0].min_minutes or 0) / 60
                length = f"{occasion.minutes / 60:g} hours" if occasion.minutes is not None else "not recorded"
                raise Refusal(
                    f"Subsistence is paid only for duties over {shortest:g} hours: {occasion.what} was {length}",
                    "duties",
                )
        cap = sum(band.amount_pence for band in earned if band)
        _over_cap(
            f"the subsistence allowance for {'these duties' if len(occasions) > 1 else 'this duty'}",
            asked.amount_pence or 0,
            cap,
        )
        top = max(earned, key=lambda band: band.min_minutes or 0)
        return asked.amount_pence or 0, top, top.variant  # type: ignore[return-value]
    rate = _rate(kind, "", day)
    if kind == ClaimKind.BOOTS:
        _boots_once_a_year(volunteer_id, day)
        return rate.amount_pence, rate, ""
    days = len({o.day for o in occasions})
    cap = rate.amount_pence * (days if kind == ClaimKind.LOSS_OF_EARNINGS else 1)
    what = (
        "the daily cap on loss of earnings"
        if kind == ClaimKind.LOSS_OF_EARNINGS
        else f"the cap on {kind.label.lower()}"
    )
    _over_cap(
        what + (f" for {days} days" if days > 1 and kind == ClaimKind.LOSS_OF_EARNINGS else ""),
        asked.amount_pence or 0,
        cap,
    )
    return asked.amount_pence or 0, rate, ""


def _boots_once_a_year(volunteer_id: int, day: date) -> None:
    """The boot allowance is paid once a calendar year."""
    claimed = db.session.scalar(
        sa.select(ExpenseClaim.id).where(
            ExpenseClaim.volunteer_id == volunteer_id,
            ExpenseClaim.kind == ClaimKind.BOOTS,
            ExpenseClaim.state != ClaimState.REJECTED,
            ExpenseClaim.duty_day >= date(day.year, 1, 1),
            ExpenseClaim.duty_day < date(day.year + 1, 1, 1),
        )
    )
    if claimed is not None:
        raise Refusal(f"You have already claimed the boot allowance for {day.year}: it is paid once a year", "kind")


def volunteer_command_id(volunteer_id: int) -> int | None:
    """The command a volunteer's claims are paid from: their posting, else their district's command."""
    posted = db.session.scalar(
        sa.select(SpecialConstable.command_id).where(SpecialConstable.volunteer_id == volunteer_id)
    )
    if posted is not None:
        return posted
    return db.session.scalar(
        sa.select(District.command_id)
        .join(Volunteer, Volunteer.district_id == District.id)
        .where(Volunteer.id == volunteer_id)
    )


def paying_post_id(volunteer_id: int, duties: list[Duty]) -> int | None:
    """The CSC post whose council pays the claim: the volunteer's post, when every duty was in its parish."""
    row = db.session.execute(
        sa.select(CscPost.id, CscAgreement.parish_id)
        .join(SpecialConstable, SpecialConstable.csc_post_id == CscPost.id)
        .join(CscAgreement, CscAgreement.id == CscPost.agreement_id)
        .where(SpecialConstable.volunteer_id == volunteer_id)
    ).first()
    if row is None or any(d.parish_id != row.parish_id for d in duties):
        return None
    return row.id


@dataclass
class Cover:
    """What a claim is for: its days, the links that hold its place (one claim per duty or course and type), who
    pays and what a racing duplicate is told."""

    occasions: list[Occasion]
    duty_links: list[ClaimedDuty]
    training_links: list[ClaimedTraining]
    post_id: int | None
    duplicate: str


def _cover(volunteer_id: int, asked: ClaimInput) -> Cover:
    """The duties or the training course a claim is for, each checked against its rules."""
    kind = asked.kind
    if asked.for_training or asked.training_record_id is not None:
        record = training_record_of(volunteer_id, asked.training_record_id)
        refuse_kind_for_training(kind)
        refuse_training_claimed(kind, record)
        what = f"{record.course} on {uk_date(record.completed_on)}"
        # A CSC's training is the force's to pay: it is never charged to a parish budget (post_id None).
        return Cover(
            [Occasion(record.completed_on, None, what)],
            [],
            [ClaimedTraining(training_record_id=record.id, kind=kind)],
            None,
            training_claimed_message(kind, record),
        )
    duties = _duties_of(volunteer_id, asked.duty_ids)
    _already_claimed(kind, duties)
    return Cover(
        [Occasion.of_duty(d) for d in duties],
        [ClaimedDuty(duty_id=d.id, kind=kind) for d in duties],
        [],
        paying_post_id(volunteer_id, duties),
        f"You have already claimed {kind.label.lower()} for one of these duties",
    )


def submit_claim(volunteer_id: int, asked: ClaimInput, by: User | None) -> ExpenseClaim:
    """Record a volunteer's claim for their supervisor, or refuse it naming the field and the rule."""
    cover = _cover(volunteer_id, asked)
    amount, rate, variant = price_claim(volunteer_id, asked, cover.occasions)
    day, post_id = cover.occasions[0].day, cover.post_id
    if post_id is not None:
        refuse_over_budget(post_id, day, amount)  # a CSC's claim in their parish draws on the council's budget
    receipt = store_receipt(asked.kind, asked.receipt, by)
    claim = ExpenseClaim(
        volunteer_id=volunteer_id,
        kind=asked.kind,
        variant=variant,
        duty_day=day,
        rate=rate,
        miles=asked.miles if asked.kind == ClaimKind.MILEAGE else None,
        amount_pence=amount,
        description=(asked.description or "").strip()[:300] or None,
        receipt_file_id=receipt.id if receipt else None,
        command_id=volunteer_command_id(volunteer_id),
        programme=db.session.scalar(sa.select(programme_on(volunteer_id, day))),
        post_id=post_id,
        duty_links=cover.duty_links,
        training_links=cover.training_links,
    )
    try:
        with db.session.begin_nested():
            db.session.add(claim)
            db.session.flush()
    except IntegrityError:
        # Two claims for the same duty or course at once: the unique index refuses the second.
        raise Refusal(cover.duplicate, "training_record" if cover.training_links else "duties") from None
    if receipt is not None:
        receipt.owner_id = claim.id
    return claim
