"""Charts (SVG, text alternatives, contrast), periods and the generated commentary."""

from __future__ import annotations

from datetime import date

import pytest

from core.refusals import Refusal
from dashboard.charts import PALETTE, TEXT, contrast_ratio, funnel_chart, line_chart, nice_scale, stacked_bar_chart
from dashboard.commentary import change_phrase, plural
from dashboard.periods import (
    Period,
    default_period,
    month_ends,
    parse_period,
    quarter_of,
    quarter_shortcuts,
)


def test_chart_colours_reach_three_to_one_against_white():
    for colour in [*PALETTE, TEXT]:
        assert contrast_ratio(colour) >= 3.0, colour
    assert contrast_ratio(TEXT) >= 4.5


def test_a_line_chart_has_a_title_a_description_and_its_data():
    chart = line_chart(
        "c1",
        "Headcount <over> time",
        "Specials went up & up.",
        ["Jan", "Feb"],
        [("Specials", [10, 12]), ("Cadets", [3, 4])],
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Headcount &lt;over&gt; time</title>' in svg
    assert '<desc id="c1-desc">Specials went up &amp; up.</desc>' in svg
    assert svg.count("<polyline") == 2
    assert chart.headers == ["Date", "Specials", "Cadets"]
    assert chart.rows == [["Jan", "10", "3"], ["Feb", "12", "4"]]


def test_labels_are_escaped_in_every_chart():
    evil = "<script>alert(1)</script>"
    for chart in (
        line_chart("a", "t", "d", [evil], [(evil, [1])]),
        stacked_bar_chart("b", "t", "d", [evil], [(evil, [1.5])]),
        funnel_chart("c", "t", "d", [(evil, 3), ("Sift", 1)]),
    ):
        assert "<script>" not in str(chart.svg)
        assert "&lt;script&gt;" in str(chart.svg)


def test_stacked_bars_and_funnel_tables():
    bars = stacked_bar_chart("b", "Hours", "d", ["Jul", "Aug"], [("Specials", [10, 20]), ("CSCs", [5, 0])])
    assert bars.rows == [["Jul", "10", "5", "15"], ["Aug", "20", "0", "20"]]
    funnel = funnel_chart("f", "Funnel", "d", [("Applied", 800), ("Attested", 180)])
    assert funnel.rows == [["Applied", "800", "100.0%"], ["Attested", "180", "22.5%"]]
    empty = line_chart("e", "Nothing", "d", ["Jan"], [("Specials", [0])])
    assert "<svg" in str(empty.svg)


def test_nice_scale():
    assert nice_scale(284) == (300, 100) or nice_scale(284)[0] >= 284
    top, step = nice_scale(361)
    assert top >= 361 and top % step == 0


def test_quarters_and_month_ends():
    assert quarter_of(date(2026, 8, 15)) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert Period(date(2026, 7, 1), date(2026, 9, 30)).label == "Q3 2026 (1 July 2026 to 30 September 2026)"
    assert Period(date(2026, 7, 1), date(2026, 8, 31)).word == "the period"
    assert default_period(date(2026, 11, 22)) == Period(date(2026, 10, 1), date(2026, 11, 22))
    labels = [label for label, _ in quarter_shortcuts(date(2026, 2, 3))]
    assert labels == ["Q1 2026 to date", "Q4 2025", "Q3 2025", "Q2 2025", "Q1 2025"]
    ends = month_ends(date(2026, 3, 15), 4)
    assert ends == [date(2025, 12, 31), date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 15)]


@pytest.mark.parametrize(
    ("raw_from", "raw_to", "field"),
    [
        ("", "2026-01-01", "from"),
        ("2026-01-01", None, "to"),
        ("2026-1-1", "2026-02-01", "from"),
        ("2026-03-01", "2026-02-01", "to"),
        ("2000-01-01", "2015-01-01", "to"),
    ],
)
def test_bad_periods_name_the_field(raw_from, raw_to, field):
    with pytest.raises(Refusal) as problem:
        parse_period(raw_from, raw_to, date(2026, 11, 22))
    assert problem.value.field == field


def test_no_dates_give_the_default_unless_required():
    assert parse_period(None, None, date(2026, 11, 22)) == default_period(date(2026, 11, 22))
    with pytest.raises(Refusal):
        parse_period(None, None, date(2026, 11, 22), required=True)


def test_commentary_phrases():
    assert change_phrase(-3, "the quarter") == "down 3 on the quarter"
    assert change_phrase(1234, "the period") == "up 1,234 on the period"
    assert change_phrase(0, "the quarter") == "unchanged on the quarter"
    assert plural(1, "duty", "duties") == "1 duty" and plural(50, "duty", "duties") == "50 duties"
