"""Receipts and evidence of a claim: checked by their content, not their name, and kept as stored files."""

from __future__ import annotations

from dataclasses import dataclass

from core import files
from core.models import User
from core.refusals import Refusal
from expenses.models import ClaimKind

RECEIPT_KIND = "expense_receipt"
RECEIPT_OWNER = "expense_claim"
RECEIPT_TYPES = (files.JPEG, files.PNG, files.PDF)
MAX_RECEIPT_BYTES = 5 * 1024 * 1024
NEEDS_RECEIPT = {ClaimKind.FARES, ClaimKind.SUBSISTENCE, ClaimKind.LOSS_OF_EARNINGS, ClaimKind.OTHER}


@dataclass(frozen=True)
class Upload:
    """A receipt or evidence file as it arrived: its name and bytes."""

    name: str
    data: bytes


def store_receipt(kind: ClaimKind, receipt: Upload | None, user: User | None):
    """Keep the claim's receipt or evidence, checked by its bytes (JPEG, PNG or PDF, under 5 MB), or refuse it;
    fares, subsistence, loss of earnings and other costs need one."""
    if receipt is None or not receipt.data:
        if kind in NEEDS_RECEIPT:
            what = (
                "evidence of the earnings lost"
                if kind == ClaimKind.LOSS_OF_EARNINGS
                else "a photo or PDF of the receipt"
            )
            raise Refusal(f"Add {what}", "receipt")
        return None
    if len(receipt.data) > MAX_RECEIPT_BYTES:
        raise Refusal("The receipt must be smaller than 5 MB", "receipt")
    try:
        return files.save_file(
            RECEIPT_KIND,
            receipt.name,
            receipt.data,
            owner_type=RECEIPT_OWNER,
            created_by_id=user.id if user else None,
            accept=RECEIPT_TYPES,
            field="receipt",
        )
    except files.FileRefused:
        raise Refusal("The receipt must be a photo (JPEG or PNG) or a PDF: this file is neither", "receipt") from None
