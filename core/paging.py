"""What the GOV.UK pagination macro reads from a page of results (templates/macros/pagination.html)."""

from __future__ import annotations


class Paged:
    """``pages``, ``has_prev`` and ``has_next`` from a class's ``page``, ``per_page`` and ``total``."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
