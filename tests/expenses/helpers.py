"""Expenses test data: the rates of a force, a Special with approved duties, a claim."""

from __future__ import annotations

from datetime import date

from core.extensions import db
from expenses.claims import ClaimInput, submit_claim
from expenses.models import ClaimKind
from expenses.rates import set_rate
from expenses.receipts import Upload
from scheduling.models import DutyStatus
from tests import factories as f

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 200
RULES_FROM = date(2025, 4, 1)
RAISED_ON = date(2026, 4, 1)


def force_rates() -> None:
    """45p a mile by car (50p from April 2026), 24p by motorcycle, 20p by bicycle; subsistence over 5 and 10 hours;
    boots £60 a year; loss of earnings capped at £120 a day; fares and other capped at £50."""
    for variant, pence in (("car", 45), ("motorcycle", 24), ("bicycle", 20)):
        set_rate(ClaimKind.MILEAGE, variant, RULES_FROM, pence, None, None)
    set_rate(ClaimKind.MILEAGE, "car", RAISED_ON, 50, None, None)
    set_rate(ClaimKind.SUBSISTENCE, "", RULES_FROM, 500, 300, None)
    set_rate(ClaimKind.SUBSISTENCE, "", RULES_FROM, 1_200, 600, None)
    set_rate(ClaimKind.BOOTS, "", RULES_FROM, 6_000, None, None)
    set_rate(ClaimKind.LOSS_OF_EARNINGS, "", RULES_FROM, 12_000, None, None)
    set_rate(ClaimKind.FARES, "", RULES_FROM, 5_000, None, None)
    set_rate(ClaimKind.OTHER, "", RULES_FROM, 5_000, None, None)


def special_with_duty(day: date = date(2026, 7, 4), minutes: int = 360, status=DutyStatus.APPROVED, **special):
    """A Special and one duty of theirs; returns (volunteer, duty)."""
    volunteer = f.SpecialFactory(**special).volunteer
    duty = f.DutyFactory(volunteer=volunteer, duty_date=day, minutes=minutes, status=status)
    db.session.flush()
    return volunteer, duty


def mileage(volunteer, duty, miles: int = 20, variant: str = "car"):
    """A submitted mileage claim for one duty."""
    return submit_claim(volunteer.id, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant=variant, miles=miles), None)


def receipt(data: bytes = JPEG, name: str = "receipt.jpg") -> Upload:
    return Upload(name, data)
