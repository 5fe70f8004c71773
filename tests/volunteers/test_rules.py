"""Unit tests of the pure volunteer rules."""

from __future__ import annotations

from datetime import date

import pytest

from core.refusals import Refusal
from volunteers import rules

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2016, 11, 22), "junior"),  # 10 today
        (date(2013, 11, 23), "junior"),  # 12, 13 tomorrow
        (date(2013, 11, 22), "cadet"),  # 13 today
        (date(2008, 11, 23), "cadet"),  # 17, 18 tomorrow
    ],
)
def test_cadet_age_bands(born, band):
    assert rules.cadet_band(born, TODAY) == band


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (date(2016, 11, 23), "at least 10"),  # 9
        (date(2008, 11, 22), "under 18"),  # 18 today
        (date(1990, 1, 1), "register them as an adult"),
        (None, "date of birth"),
        (date(2027, 1, 1), "in the past"),
    ],
)
def test_cadets_too_young_or_too_old_are_refused(born, message):
    with pytest.raises(Refusal, match=message):
        rules.cadet_band(born, TODAY)


def test_ageing_out_flag_within_window():
    assert rules.is_ageing_out(date(2008, 12, 1), TODAY, within_days=90)
    assert not rules.is_ageing_out(date(2009, 6, 1), TODAY, within_days=90)
    assert not rules.is_ageing_out(date(2008, 11, 1), TODAY)  # already 18
    assert not rules.is_ageing_out(None, TODAY)
    assert rules.ages_out_on(date(2008, 2, 29)) == date(2026, 3, 1)


def test_adults_must_be_18():
    rules.require_adult(date(2008, 11, 22), TODAY)
    with pytest.raises(Refusal, match="at least 18"):
        rules.require_adult(date(2008, 11, 23), TODAY, role="A Special Constable")
    with pytest.raises(Refusal, match="at least 21"):
        rules.require_adult(date(2006, 1, 1), TODAY, minimum=21)


def test_service_days_merges_overlapping_spells():
    spells = [(date(2020, 1, 1), date(2020, 12, 31)), (date(2020, 6, 1), date(2021, 6, 1)), (date(2022, 1, 1), None)]
    assert rules.service_days(spells, date(2022, 1, 11)) == (date(2021, 6, 1) - date(2020, 1, 1)).days + 10


def _due(result):
    return {(d.award, d.years): d for d in result}


def test_pins_and_long_service_medal_from_service_dates():
    joined = date(2017, 11, 1)
    due = _due(rules.award_eligibility([(joined, None)], [(joined, None)], ["pin_3_year"], TODAY))
    assert due[("pin_3_year", 3)].eligible and due[("pin_3_year", 3)].received
    assert due[("pin_5_year", 5)].eligible and not due[("pin_5_year", 5)].received
    lsm = due[("long_service_medal", 9)]
    assert lsm.eligible and lsm.due_on <= TODAY


def test_medal_not_due_more_than_a_year_ahead_and_not_for_non_specials():
    joined = date(2024, 1, 1)
    due = _due(rules.award_eligibility([(joined, None)], [], [], TODAY))
    assert ("pin_3_year", 3) in due and not due[("pin_3_year", 3)].eligible
    assert ("long_service_medal", 9) not in due
    psv = _due(rules.award_eligibility([(date(2010, 1, 1), None)], [], [], TODAY))
    assert ("long_service_medal", 9) not in psv and psv[("pin_5_year", 5)].eligible


def test_clasps_every_further_ten_years_after_the_medal():
    joined = date(1996, 1, 1)  # 30 years
    due = rules.award_eligibility(
        [(joined, None)], [(joined, None)], ["long_service_medal", "long_service_clasp"], TODAY
    )
    clasps = [d for d in due if d.award == "long_service_clasp"]
    assert [c.years for c in clasps] == [19, 29]
    assert clasps[0].received and not clasps[1].received and clasps[1].eligible


def test_a_break_in_service_delays_the_award():
    spells = [(date(2015, 1, 1), date(2018, 1, 1)), (date(2021, 1, 1), None)]
    due = _due(rules.award_eligibility(spells, spells, [], TODAY))
    assert abs((due[("pin_5_year", 5)].due_on - date(2023, 1, 1)).days) <= 2  # 3 years, then 2 more from 2021
    medal = due[("long_service_medal", 9)]  # 3 + 6 years: early 2027, within the one-year horizon
    assert abs((medal.due_on - date(2027, 1, 1)).days) <= 3 and not medal.eligible


@pytest.mark.parametrize(
    ("expires", "state"),
    [
        (date(2026, 11, 21), "expired"),
        (TODAY, "expiring_soon"),
        (date(2027, 1, 21), "expiring_soon"),
        (date(2027, 1, 22), "valid"),
        (None, "none"),
    ],
)
def test_vetting_states(expires, state):
    assert rules.vetting_state(expires, TODAY) == state
