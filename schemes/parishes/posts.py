"""CSC posts: filling a post (never twice), a leaver and the funding, and what the post's budget has paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.dated import effective_on
from core.dates import years_after
from core.extensions import db
from core.refusals import Refusal
from schemes.models import (
    AgreementStatus,
    CscAgreement,
    CscPost,
    FundingOnLeaving,
    PostState,
)
from schemes.parishes.budget import charged_in_year
from schemes.parishes.services import FILLED
from volunteers.models import SpecialConstable


@dataclass
class FundingOutcome:
    option: FundingOnLeaving
    share_pence: int
    amount_pence: int
    explanation: str


def funding_on_leaving(agreement: CscAgreement, left_on: date) -> FundingOutcome:
    """What happens to the council's money for a post when its CSC leaves, under the agreement."""
    share = agreement.annual_budget_pence // max(agreement.posts_funded, 1)
    option = agreement.funding_on_leaving
    if option == FundingOnLeaving.RETURNED_PRO_RATA:
        anniversary = years_after(agreement.signed_on, left_on.year - agreement.signed_on.year)
        if anniversary <= left_on:
            anniversary = years_after(anniversary, 1)
        days = (anniversary - left_on).days
        amount = share * days // 365
        return FundingOutcome(
            option,
            share,
            amount,
            f"The unspent share for the rest of the agreement year ({days} days to "
            f"{anniversary:%-d %B %Y}) is returned to the council.",
        )
    if option == FundingOnLeaving.REDIRECTED:
        return FundingOutcome(
            option, share, share, "The post's share of the budget is redirected to other policing in the parish."
        )
    return FundingOutcome(
        option,
        share,
        share,
        "The post's share of the budget is held for a replacement officer; the post is re-advertised.",
    )


def _special_or_refuse(volunteer_id: int) -> SpecialConstable:
    special = db.session.scalars(
        sa.select(SpecialConstable)
        .where(SpecialConstable.volunteer_id == volunteer_id)
        .options(joinedload(SpecialConstable.volunteer), joinedload(SpecialConstable.csc_post))
    ).first()
    if special is None:
        raise Refusal(f"No Special Constable has record number {volunteer_id}", "holder_volunteer_id")
    return special


def update_post(post: CscPost, state: str, since: date, holder_volunteer_id: int | None) -> FundingOutcome | None:
    """Move a post to a new state; a post cannot be filled twice nor an officer hold two posts."""

    with effective_on(since):  # the dated history (holder, post state, agreement status) changes on that day
        return _update_post(post, state, since, holder_volunteer_id)


def _update_post(post: CscPost, state: str, since: date, holder_volunteer_id: int | None) -> FundingOutcome | None:
    new_state = PostState(state)
    current = post.holder
    if since < post.agreement.signed_on:
        raise Refusal("The date cannot be before the agreement was signed", "state_since")
    outcome = None
    if new_state in FILLED:
        if holder_volunteer_id is None:
            raise Refusal(
                f"Enter the officer's record number: a post {new_state.label.lower()} has an officer",
                "holder_volunteer_id",
            )
        if current is not None and current.volunteer_id != holder_volunteer_id:
            raise Refusal(
                f"Post {post.post_number} is already filled by {current.volunteer.full_name}: "
                "record them as a leaver (Vacant after leaver) first",
                "holder_volunteer_id",
            )
        special = _special_or_refuse(holder_volunteer_id)
        if special.csc_post_id is not None and special.csc_post_id != post.id:
            raise Refusal(f"{special.volunteer.full_name} already holds another CSC post", "holder_volunteer_id")
        special.csc_post = post
        agreement = post.agreement
        if agreement.status in (AgreementStatus.SIGNED, AgreementStatus.UNABLE_TO_RECRUIT):
            agreement.status = AgreementStatus.ACTIVE
    else:
        if holder_volunteer_id is not None and (current is None or current.volunteer_id != holder_volunteer_id):
            raise Refusal(
                f"Leave the officer empty: a post that is {new_state.label.lower()} has no officer",
                "holder_volunteer_id",
            )
        if current is not None:
            if new_state != PostState.VACANT_AFTER_LEAVER:
                raise Refusal("The post has an officer: choose Vacant after leaver to record that they left", "state")
            current.csc_post = None
            outcome = funding_on_leaving(post.agreement, since)
    post.state = new_state
    post.state_since = since
    db.session.flush()
    return outcome


def claims_in_year(agreement_ids: list[int], year: int) -> int:
    """Pence claimed in a calendar year against these agreements' posts (schemes/parishes/budget.py)."""
    return charged_in_year(agreement_ids, year)
