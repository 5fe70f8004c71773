"""Each person's choice, per kind of message, of how they hear of it: in the service only, email, or text.

A volunteer's choices belong to their volunteer record (every account of theirs shares them); an account with
no volunteer record keeps its own. Until they choose, they get email when an email channel is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from core.dates import today
from core.extensions import db
from core.models import User
from core.refusals import Refusal
from notices.kinds import kinds_for
from notices.outbox.channels import Configured
from notices.outbox.models import Channel, ContactPreference
from notices.outbox.queueing import default_channel, is_minor, is_mobile
from volunteers.models import Cadet, Volunteer


@dataclass(frozen=True)
class Reach:
    """How a person can be reached: their email and mobile on record, and whether they are a minor cadet."""

    email: str | None
    mobile: str | None
    minor: bool
    guardian: bool  # a guardian on record gets a copy of every message


def reach_of(user: User) -> Reach:
    """The account's email and mobile (from the volunteer record when there is one), and minor status."""
    if user.volunteer_id is None:
        return Reach(user.email, None, False, False)
    row = db.session.execute(
        sa.select(Volunteer.email, Volunteer.phone, Volunteer.date_of_birth, Cadet.volunteer_id, Cadet.guardian_email,
                  Cadet.guardian_phone)
        .outerjoin(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(Volunteer.id == user.volunteer_id)
    ).one()  # fmt: skip
    is_cadet = row[3] is not None
    minor = is_minor(row[2], is_cadet, today())
    mobile = row[1] if is_mobile(row[1]) else None
    return Reach(row[0] or user.email, mobile, minor, is_cadet and minor and bool(row[4] or row[5]))


def channel_options(reach: Reach, providers: Configured) -> list[tuple[Channel, str]]:
    """The choices offered: in the service only, email when configured and held, text when configured and
    the person (not a minor) has a mobile number."""
    options = [(Channel.APP, "Only in the service (Notices)")]
    if providers.email and reach.email:
        options.append((Channel.EMAIL, f"By email to {reach.email}"))
    if providers.sms and reach.mobile and not reach.minor:
        options.append((Channel.SMS, f"By text message to {reach.mobile}"))
    return options


def _owner(user: User) -> sa.ColumnElement[bool]:
    if user.volunteer_id is not None:
        return ContactPreference.volunteer_id == user.volunteer_id
    return ContactPreference.user_id == user.id


def chosen_channels(user: User, providers: Configured) -> dict[str, Channel]:
    """The channel of each kind of message for this person: their choice, else the default."""
    stmt = sa.select(ContactPreference.kind, ContactPreference.channel).where(_owner(user))
    saved = dict(db.session.execute(stmt).all())
    default = default_channel(providers)
    return {name: saved.get(name, default) for name in kinds_for(user.volunteer_id)}


def save_choices(user: User, choices: Mapping[str, str], providers: Configured) -> int:
    """Keep the person's choice for each kind (one row per kind); a channel not offered to them is refused
    on its field. Returns how many kinds were saved."""
    offered = {channel.value for channel, _label in channel_options(reach_of(user), providers)}
    kinds = kinds_for(user.volunteer_id)
    for name in kinds:
        if choices.get(name) not in offered:
            raise Refusal(f"Choose how you want to hear about: {kinds[name].label.lower()}", name)
    existing = {p.kind: p for p in db.session.scalars(sa.select(ContactPreference).where(_owner(user)))}
    for name in kinds:
        channel = Channel(choices[name])
        row = existing.get(name)
        if row is None:
            owner = {"volunteer_id": user.volunteer_id} if user.volunteer_id is not None else {"user_id": user.id}
            db.session.add(ContactPreference(kind=name, channel=channel, **owner))
        else:
            row.channel = channel
    db.session.flush()
    return len(kinds)
