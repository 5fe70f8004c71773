"""Anniversaries: the one owner of "the same date N years later" (core.dates.years_after)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from core.dates import years_after, years_before
from sampledata.demo.names import PeopleMaker


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2012, 2, 29), 13, date(2025, 2, 28)),
        (date(2012, 2, 29), 4, date(2016, 2, 29)),
        (date(2013, 5, 14), 3, date(2016, 5, 14)),
        (date(2028, 2, 29), -10, date(2018, 2, 28)),
    ],
)
def test_the_same_date_years_later_or_earlier(day, years, expected):
    assert years_after(day, years) == expected
    assert years_before(day, -years) == expected


def test_a_birthday_on_29_february_gives_an_age_on_any_day():
    """The demo's date-of-birth draw works on 29 February itself and for people born on it."""
    people = PeopleMaker(random.Random(7), date(2028, 2, 29))
    born = [people.dob(13, 17) for _ in range(2000)]
    assert all(years_after(dob, 13) <= people.today for dob in born)
