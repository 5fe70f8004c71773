"""The rules of a claim: the rate on the duty's day, caps, one claim per duty and type (also in the database),
receipts checked by their bytes, only one's own approved duties."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.files import StoredFile
from core.refusals import Refusal
from expenses import claims as claims_module
from expenses.claims import ClaimInput, submit_claim
from expenses.models import ClaimedDuty, ClaimKind
from expenses.rates import rate_in_force
from scheduling.models import DutyStatus
from tests import factories as f
from tests.expenses.helpers import force_rates, mileage, receipt, special_with_duty


@pytest.fixture
def rates(db):
    force_rates()


def _refused(volunteer, asked: ClaimInput) -> Refusal:
    with pytest.raises(Refusal) as caught:
        submit_claim(volunteer.id, asked, None)
    return caught.value


def test_a_claim_uses_the_rate_in_force_on_the_duty_day(rates):
    assert rate_in_force(ClaimKind.MILEAGE, "car", date(2026, 3, 31)).amount_pence == 45
    assert rate_in_force(ClaimKind.MILEAGE, "car", date(2026, 4, 1)).amount_pence == 50
    assert rate_in_force(ClaimKind.MILEAGE, "car", date(2025, 3, 31)) is None
    before, before_duty = special_with_duty(date(2026, 3, 31))
    after, after_duty = special_with_duty(date(2026, 4, 1))
    assert mileage(before, before_duty, miles=20).amount_pence == 900
    assert mileage(after, after_duty, miles=20).amount_pence == 1_000
    motorbike, duty = special_with_duty()
    assert mileage(motorbike, duty, miles=10, variant="motorcycle").amount_pence == 240


def test_subsistence_only_for_duties_over_the_set_length_and_within_the_band(rates):
    volunteer, short = special_with_duty(minutes=240)
    refusal = _refused(volunteer, ClaimInput(ClaimKind.SUBSISTENCE, [short.id], amount_pence=400, receipt=receipt()))
    assert refusal.field == "duties"
    assert "only for duties over 5 hours" in refusal.message and "4 hours" in refusal.message
    long_duty = f.DutyFactory(volunteer=volunteer, duty_date=date(2026, 7, 5), minutes=11 * 60)
    too_much = ClaimInput(ClaimKind.SUBSISTENCE, [long_duty.id], amount_pence=1_300, receipt=receipt())
    refusal = _refused(volunteer, too_much)
    assert refusal.field == "amount" and "£12.00" in refusal.message
    enough = ClaimInput(ClaimKind.SUBSISTENCE, [long_duty.id], amount_pence=1_150, receipt=receipt())
    claim = submit_claim(volunteer.id, enough, None)
    assert claim.amount_pence == 1_150 and claim.variant == "duty over 10 hours"


def test_caps_on_loss_of_earnings_fares_and_boots_once_a_year(rates):
    volunteer, duty = special_with_duty()
    over = ClaimInput(ClaimKind.LOSS_OF_EARNINGS, [duty.id], amount_pence=12_001, receipt=receipt())
    assert _refused(volunteer, over).field == "amount"
    no_evidence = ClaimInput(ClaimKind.LOSS_OF_EARNINGS, [duty.id], amount_pence=9_000)
    refusal = _refused(volunteer, no_evidence)
    assert refusal.field == "receipt" and "evidence" in refusal.message
    fares = ClaimInput(ClaimKind.FARES, [duty.id], amount_pence=5_001, receipt=receipt())
    assert _refused(volunteer, fares).field == "amount"
    other = ClaimInput(ClaimKind.OTHER, [duty.id], amount_pence=900, receipt=receipt())
    assert _refused(volunteer, other).field == "description"
    boots = submit_claim(volunteer.id, ClaimInput(ClaimKind.BOOTS, [duty.id]), None)
    assert boots.amount_pence == 6_000
    later = f.DutyFactory(volunteer=volunteer, duty_date=date(2026, 9, 1))
    refusal = _refused(volunteer, ClaimInput(ClaimKind.BOOTS, [later.id]))
    assert refusal.field == "kind" and "once a year" in refusal.message
    next_year = f.DutyFactory(volunteer=volunteer, duty_date=date(2027, 1, 2))
    assert submit_claim(volunteer.id, ClaimInput(ClaimKind.BOOTS, [next_year.id]), None).amount_pence == 6_000


def test_only_ones_own_approved_duties(rates):
    volunteer, duty = special_with_duty()
    other, theirs = special_with_duty()
    refusal = _refused(volunteer, ClaimInput(ClaimKind.MILEAGE, [theirs.id], variant="car", miles=5))
    assert (refusal.field, refusal.message) == ("duties", "You can only claim for your own duties")
    pending = f.DutyFactory(volunteer=volunteer, duty_date=date(2026, 7, 6), status=DutyStatus.PENDING)
    refusal = _refused(volunteer, ClaimInput(ClaimKind.MILEAGE, [pending.id], variant="car", miles=5))
    assert refusal.field == "duties" and "not approved yet" in refusal.message
    assert _refused(volunteer, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant="car", miles=0)).field == "miles"


def test_one_claim_per_duty_and_type(rates):
    volunteer, duty = special_with_duty()
    mileage(volunteer, duty)
    refusal = _refused(volunteer, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant="car", miles=3))
    assert refusal.field == "duties" and "already claimed mileage" in refusal.message
    # another type for the same duty is fine
    assert submit_claim(volunteer.id, ClaimInput(ClaimKind.BOOTS, [duty.id]), None).id


def test_the_database_refuses_a_racing_duplicate(rates, monkeypatch):
    volunteer, duty = special_with_duty()
    first = mileage(volunteer, duty)
    db.session.commit()
    # As if a second request had checked before the first committed: the unique index still refuses it.
    monkeypatch.setattr(claims_module, "_already_claimed", lambda kind, duties: None)
    refusal = _refused(volunteer, ClaimInput(ClaimKind.MILEAGE, [duty.id], variant="car", miles=3))
    assert refusal.field == "duties"
    db.session.rollback()
    db.session.add(ClaimedDuty(claim_id=first.id, duty_id=duty.id, kind=ClaimKind.MILEAGE))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_receipt_is_checked_by_its_bytes_not_its_name(rates):
    volunteer, duty = special_with_duty()
    text_as_jpeg = receipt(b"just some text, not a picture", "receipt.jpg")
    refusal = _refused(volunteer, ClaimInput(ClaimKind.FARES, [duty.id], amount_pence=800, receipt=text_as_jpeg))
    assert refusal.field == "receipt" and "photo (JPEG or PNG) or a PDF" in refusal.message
    too_big = receipt(b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "receipt.pdf")
    refusal = _refused(volunteer, ClaimInput(ClaimKind.FARES, [duty.id], amount_pence=800, receipt=too_big))
    assert refusal.field == "receipt" and "5 MB" in refusal.message
    png = receipt(b"\x89PNG\r\n\x1a\n" + b"0" * 50, "photo.jpeg")
    claim = submit_claim(volunteer.id, ClaimInput(ClaimKind.FARES, [duty.id], amount_pence=800, receipt=png), None)
    stored = db.session.get(StoredFile, claim.receipt_file_id)
    assert (stored.content_type, stored.owner_id) == ("image/png", claim.id)
    assert db.session.scalar(sa.select(sa.func.count(StoredFile.id))) == 1
