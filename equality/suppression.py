"""Small numbers suppressed: the one rule for every figure built from equality answers (page, CSV, PDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from flask import current_app, has_app_context

DEFAULT_THRESHOLD = 5
SUPPRESSED = "[c]"  # the mark the published statistics use for a figure withheld to protect people


class Cell(NamedTuple):
    """One figure of a breakdown: its count, or None when it is withheld."""

    label: str
    count: int | None

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.count is None else str(self.count)


def threshold() -> int:
    """The smallest count shown (CIP_SMALL_NUMBER_THRESHOLD, default 5)."""
    if has_app_context():
        return int(current_app.config.get("CIP_SMALL_NUMBER_THRESHOLD", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD


def suppress_small_numbers(counts: Mapping[str, int], at_least: int | None = None) -> list[Cell]:
    """A breakdown of one total (e.g. joiners by sex) with small numbers withheld, so nobody can be picked out.

    The rule: (1) primary: a cell counting from 1 to ``at_least`` - 1 people is withheld; (2) secondary: the
    total is always shown, so if exactly one cell of the breakdown is withheld it could be worked out by
    subtracting the others from the total; the smallest other cell (a zero included, first in the given order
    when equal) is then withheld too. Zeros are otherwise shown. The cells keep the order given.
    """
    limit = threshold() if at_least is None else at_least
    withheld = {label for label, n in counts.items() if 0 < n < limit}
    if len(withheld) == 1 and len(counts) > 1:
        others = [(n, i, label) for i, (label, n) in enumerate(counts.items()) if label not in withheld]
        withheld.add(min(others)[2])
    return [Cell(label, None if label in withheld else n) for label, n in counts.items()]
