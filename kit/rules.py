"""The kit rules in the domain's words: what counts as due for replacement, who may hold cadet uniform.

Body armour is due for replacement when it expires within ``ARMOUR_DUE_DAYS`` days (or has expired): long
enough to order and fit a replacement before the old one may no longer be worn.
"""

from __future__ import annotations

from datetime import date, timedelta

from core.refusals import Refusal
from kit.models import KitCategory

ARMOUR_DUE_DAYS = 90


def armour_due_by(today: date) -> date:
    """The last expiry date that makes body armour due for replacement today."""
    return today + timedelta(days=ARMOUR_DUE_DAYS)


def is_armour_due(expires_on: date | None, today: date) -> bool:
    """Whether body armour expiring on ``expires_on`` is due for replacement today."""
    return expires_on is not None and expires_on <= armour_due_by(today)


def check_may_hold(category: KitCategory, is_cadet: bool) -> None:
    """Cadet uniform (free to cadets) goes only to cadets; adult kit (armour, radios, warrant cards) never does."""
    if category == KitCategory.CADET_UNIFORM and not is_cadet:
        raise Refusal("Cadet uniform is issued only to cadets", "thing")
    if is_cadet and category in (KitCategory.BODY_ARMOUR, KitCategory.RADIO, KitCategory.WARRANT_CARD):
        raise Refusal(f"A cadet cannot be issued a {category.label.lower()}", "thing")
