"""Claims for a training course: a volunteer may claim for a course on their own training record, at the rates in
force on the training day. Mileage, fares, loss of earnings (capped for the one day) and other costs apply as for a
duty; subsistence does not, because a training record does not say how long the day was; the boot allowance is
claimed against a duty. There is no claim window for duties, so none for training either. A CSC's training claim is
paid by the force, never charged to a parish budget: the council pays only for duties in its parish."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from core.filters import uk_date
from core.refusals import Refusal
from expenses.models import ClaimedTraining, ClaimKind
from volunteers.models import TrainingRecord

TRAINING_KINDS = (ClaimKind.MILEAGE, ClaimKind.FARES, ClaimKind.LOSS_OF_EARNINGS, ClaimKind.OTHER)
COVERS = (("duty", "A duty"), ("training", "A training course"))


def refuse_kind_for_training(kind: ClaimKind) -> None:
    """Only the kinds that can apply to a training day may be claimed for one (see the module's rule)."""
    if kind == ClaimKind.SUBSISTENCE:
        raise Refusal(
            "Subsistence cannot be claimed for a training course: the training record does not say how long "
            "the day was. Claim it against a long duty",
            "training_record",
        )
    if kind not in TRAINING_KINDS:
        raise Refusal(f"{kind.label} cannot be claimed for a training course: claim it against a duty", "kind")


def claimable_training(volunteer_id: int, kind: ClaimKind) -> list[TrainingRecord]:
    """A volunteer's training records not yet claimed for this kind, newest first: what they may claim for."""
    claimed = sa.select(ClaimedTraining.training_record_id).where(ClaimedTraining.kind == kind, ClaimedTraining.live)
    return list(
        db.session.scalars(
            sa.select(TrainingRecord)
            .where(TrainingRecord.volunteer_id == volunteer_id, TrainingRecord.id.not_in(claimed))
            .order_by(TrainingRecord.completed_on.desc(), TrainingRecord.id.desc())
            .limit(60)
        )
    )


def training_record_of(volunteer_id: int, record_id: int | None) -> TrainingRecord:
    """The chosen training record, the volunteer's own, else refused naming the training field."""
    if record_id is None:
        raise Refusal("Choose the training course you are claiming for", "training_record")
    record = db.session.get(TrainingRecord, record_id)
    if record is None or record.volunteer_id != volunteer_id:
        raise Refusal("You can only claim for your own training", "training_record")
    return record


def training_claimed_message(kind: ClaimKind, record: TrainingRecord) -> str:
    return f"You have already claimed {kind.label.lower()} for {record.course} on {uk_date(record.completed_on)}"


def refuse_training_claimed(kind: ClaimKind, record: TrainingRecord) -> None:
    """One claim per training record and type (the database's unique index says the same)."""
    taken = db.session.scalar(
        sa.select(ClaimedTraining.id).where(
            ClaimedTraining.training_record_id == record.id, ClaimedTraining.kind == kind, ClaimedTraining.live
        )
    )
    if taken is not None:
        raise Refusal(training_claimed_message(kind, record), "training_record")
