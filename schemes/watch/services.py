"""Watch schemes: member counts as dated snapshots, growth since any date, interest pipeline, messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core.extensions import db
from core.refusals import Refusal
from schemes.models import (
    InterestStage,
    TermsOfReference,
    WatchInterest,
    WatchMemberSnapshot,
    WatchMessage,
    WatchScheme,
    WatchSchemeType,
)

MAX_MEMBERS = 10_000_000
OPEN_STAGES = (InterestStage.RECEIVED, InterestStage.AWAITING_VISIT)


@dataclass
class WatchRow:
    scheme: WatchScheme
    members: int | None
    members_on: date | None
    baseline: int | None
    open_interests: int
    messages: int

    @property
    def growth(self) -> int | None:
        if self.members is None or self.baseline is None:
            return None
        return self.members - self.baseline


def _counts_on(on: date, scheme_ids: list[int]) -> dict[int, tuple[int, date]]:
    """Each scheme's member count at its latest snapshot on or before a date."""
    latest = (
        sa.select(WatchMemberSnapshot.scheme_id, sa.func.max(WatchMemberSnapshot.recorded_on).label("on"))
        .where(WatchMemberSnapshot.recorded_on <= on, WatchMemberSnapshot.scheme_id.in_(scheme_ids))
        .group_by(WatchMemberSnapshot.scheme_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(WatchMemberSnapshot.scheme_id, WatchMemberSnapshot.members, WatchMemberSnapshot.recorded_on).join(
            latest,
            sa.and_(
                WatchMemberSnapshot.scheme_id == latest.c.scheme_id, WatchMemberSnapshot.recorded_on == latest.c.on
            ),
        )
    ).all()
    return {sid: (members, on_date) for sid, members, on_date in rows}


def scheme_rows(
    on: date,
    since: date,
    type_id: int | None = None,
    district_id: int | None = None,
    tor: str | None = None,
    q: str | None = None,
    ids: list[int] | None = None,
) -> list[WatchRow]:
    """Schemes with members now, growth since a date, open expressions of interest and messages sent."""
    stmt = (
        sa.select(WatchScheme)
        .options(joinedload(WatchScheme.scheme_type), joinedload(WatchScheme.district))
        .order_by(WatchScheme.name)
    )
    if type_id:
        stmt = stmt.where(WatchScheme.type_id == type_id)
    if district_id:
        stmt = stmt.where(WatchScheme.district_id == district_id)
    if tor:
        stmt = stmt.where(WatchScheme.terms_of_reference == TermsOfReference(tor))
    if q:
        stmt = stmt.where(WatchScheme.name.ilike(f"%{q}%"))
    if ids is not None:
        stmt = stmt.where(WatchScheme.id.in_(ids))
    schemes = list(db.session.scalars(stmt))
    ids = [s.id for s in schemes]
    now, then = _counts_on(on, ids), _counts_on(since, ids)
    interests = dict(
        db.session.execute(
            sa.select(WatchInterest.scheme_id, sa.func.count())
            .where(WatchInterest.scheme_id.in_(ids), WatchInterest.stage.in_(OPEN_STAGES))
            .group_by(WatchInterest.scheme_id)
        ).all()
    )
    messages = dict(
        db.session.execute(
            sa.select(WatchMessage.scheme_id, sa.func.count())
            .where(WatchMessage.scheme_id.in_(ids), WatchMessage.sent_on >= since, WatchMessage.sent_on <= on)
            .group_by(WatchMessage.scheme_id)
        ).all()
    )
    return [
        WatchRow(
            s,
            now.get(s.id, (None, None))[0],
            now.get(s.id, (None, None))[1],
            then.get(s.id, (None, None))[0],
            interests.get(s.id, 0),
            messages.get(s.id, 0),
        )
        for s in schemes
    ]


def types() -> list[WatchSchemeType]:
    """Every scheme type, by name."""
    return list(db.session.scalars(sa.select(WatchSchemeType).order_by(WatchSchemeType.name)))


def add_type(name: str) -> WatchSchemeType:
    """Add a scheme type (data, not code); a duplicate name is refused."""
    name = name.strip()
    if db.session.scalar(sa.select(WatchSchemeType.id).where(sa.func.lower(WatchSchemeType.name) == name.lower())):
        raise Refusal(f"A scheme type called {name} already exists", "name")
    kind = WatchSchemeType(name=name)
    db.session.add(kind)
    db.session.flush()
    return kind


def save_scheme(scheme: WatchScheme | None, **values) -> WatchScheme:
    """Create or update a scheme; a duplicate name is refused."""
    name = values["name"].strip()
    clash = sa.select(WatchScheme.id).where(sa.func.lower(WatchScheme.name) == name.lower())
    if scheme is not None:
        clash = clash.where(WatchScheme.id != scheme.id)
    if db.session.scalar(clash) is not None:
        raise Refusal(f"A scheme called {name} already exists", "name")
    if db.session.get(WatchSchemeType, values["type_id"]) is None:
        raise Refusal("Choose the type of scheme", "type_id")
    scheme = scheme or WatchScheme()
    scheme.name = name
    scheme.type_id = values["type_id"]
    scheme.district_id = values.get("district_id") or None
    scheme.liaison_officer = values.get("liaison_officer") or None
    scheme.terms_of_reference = TermsOfReference(values["terms_of_reference"])
    scheme.launched_on = values.get("launched_on")
    db.session.add(scheme)
    db.session.flush()
    return scheme


def add_snapshot(scheme: WatchScheme, recorded_on: date, members: int) -> WatchMemberSnapshot:
    """Record the member count on a date; one count per date."""
    if not 0 <= members <= MAX_MEMBERS:
        raise Refusal(f"Members must be between 0 and {MAX_MEMBERS:,}", "members")
    exists = db.session.scalar(
        sa.select(WatchMemberSnapshot.id).where(
            WatchMemberSnapshot.scheme_id == scheme.id, WatchMemberSnapshot.recorded_on == recorded_on
        )
    )
    if exists:
        raise Refusal(f"A member count for {recorded_on:%-d %B %Y} is already recorded", "recorded_on")
    snapshot = WatchMemberSnapshot(scheme_id=scheme.id, recorded_on=recorded_on, members=members)
    db.session.add(snapshot)
    try:
        db.session.flush()
    except IntegrityError as problem:  # a concurrent save of the same date
        raise Refusal("A member count for that date is already recorded", "recorded_on") from problem
    return snapshot


def add_message(scheme: WatchScheme, sent_on: date, subject: str, recipients: int) -> WatchMessage:
    """Record a message sent to the scheme's members."""
    if not 0 <= recipients <= MAX_MEMBERS:
        raise Refusal(f"Recipients must be between 0 and {MAX_MEMBERS:,}", "recipients")
    message = WatchMessage(scheme_id=scheme.id, sent_on=sent_on, subject=subject.strip(), recipients=recipients)
    db.session.add(message)
    db.session.flush()
    return message


def save_interest(interest: WatchInterest | None, scheme_id: int, **values) -> WatchInterest:
    """Create or update an expression of interest and its stage."""
    interest = interest or WatchInterest(scheme_id=scheme_id)
    interest.name = values["name"].strip()
    interest.contact = values.get("contact") or None
    interest.received_on = values["received_on"]
    interest.stage = InterestStage(values["stage"])
    interest.notes = values.get("notes") or None
    db.session.add(interest)
    db.session.flush()
    return interest


def scheme_detail(scheme_id: int) -> tuple[list[WatchMemberSnapshot], list[WatchInterest], list[WatchMessage]]:
    """A scheme's snapshots (newest first), interests and messages."""
    snapshots = db.session.scalars(
        sa.select(WatchMemberSnapshot)
        .where(WatchMemberSnapshot.scheme_id == scheme_id)
        .order_by(WatchMemberSnapshot.recorded_on.desc())
    ).all()
    interests = db.session.scalars(
        sa.select(WatchInterest).where(WatchInterest.scheme_id == scheme_id).order_by(WatchInterest.received_on)
    ).all()
    messages = db.session.scalars(
        sa.select(WatchMessage).where(WatchMessage.scheme_id == scheme_id).order_by(WatchMessage.sent_on.desc())
    ).all()
    return list(snapshots), list(interests), list(messages)


def interest_rows(scheme_id: int | None = None, stage: str | None = None) -> list[tuple[WatchInterest, str]]:
    """Expressions of interest across schemes with the scheme's name, oldest first."""
    stmt = (
        sa.select(WatchInterest, WatchScheme.name)
        .join(WatchScheme, WatchScheme.id == WatchInterest.scheme_id)
        .order_by(WatchInterest.received_on, WatchInterest.id)
    )
    if scheme_id:
        stmt = stmt.where(WatchInterest.scheme_id == scheme_id)
    if stage:
        stmt = stmt.where(WatchInterest.stage == InterestStage(stage))
    return [(i, n) for i, n in db.session.execute(stmt).all()]


def scheme_names() -> list[tuple[int, str]]:
    """(id, name) of every scheme, for filters."""
    return [
        (i, n) for i, n in db.session.execute(sa.select(WatchScheme.id, WatchScheme.name).order_by(WatchScheme.name))
    ]
