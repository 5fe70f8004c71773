"""The Python-built GOV.UK tables give the markup govuk-frontend's own table macro gives."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from core.tables import govuk_table, responsive_table

CASES = [
    {"head": [{"text": "Name"}, {"text": "Hours", "format": "numeric"}], "rows": [[{"text": "Ann"}, {"text": "4"}]]},
    {
        "caption": "Pending <duties>",
        "captionClasses": "govuk-visually-hidden",
        "classes": "cip-x",
        "firstCellIsHeader": True,
        "head": [{"html": "<b>Who</b>", "classes": "w-1"}, {"text": "What & why", "colspan": 2}],
        "rows": [
            [{"text": "O'Donnell <script>"}, {"html": Markup('<a href="/x">x</a>'), "format": "numeric"}],
            [],
            [
                {
                    "text": "B",
                    "rowspan": 2,
                    "attributes": {"data-id": '7"', "hidden": True, "x": {"value": True, "optional": True}},
                },
                {"text": 3},
            ],
        ],
    },
    {"rows": [[{"text": ""}]]},
    {"rows": [[{"text": "a", "attributes": {"y": {"value": None, "optional": True}, "z": False}}]]},
]


def _squash(html: str) -> str:
    return re.sub(r">\s+", ">", re.sub(r"\s+<", "<", re.sub(r"\s+", " ", str(html)))).strip()


@pytest.mark.parametrize("params", CASES)
def test_python_table_matches_the_govuk_macro(app, params):
    macro = app.jinja_env.from_string(
        '{% from "govuk_frontend_jinja/components/table/macro.html" import govukTable as t %}{{ t(params) }}'
    )
    assert _squash(govuk_table(params)) == _squash(macro.render(params=params))


def test_responsive_table_escapes_cells_and_marks_numbers(app):
    rows = [["<i>Ann</i>", 4], [Markup("<b>Bo</b>"), None]]
    html = str(responsive_table(["Name", "Hours"], rows, numeric_columns=[1]))
    # Not a Tab stop unless it scrolls (static/js/tables.js decides); every data cell names its column.
    assert "tabindex" not in html and 'data-region-label="Table"' in html and "cip-cards" in html
    assert html.count('data-label="Name"') == 2 and html.count('data-label="Hours"') == 2
    assert "&lt;i&gt;Ann&lt;/i&gt;" in html and "<b>Bo</b>" in html
    assert html.count("govuk-table__cell--numeric") == 2 and "govuk-table__header--numeric" in html


def test_an_empty_responsive_table_says_so(app):
    html = str(responsive_table(["Name"], [], caption="People", empty_text="Nobody <here>."))
    assert "<table" not in html and "Nobody &lt;here&gt;." in html and ">People</h2>" in html


SUMMARY_CASES = [
    {"rows": [{"key": {"text": "Name"}, "value": {"text": "Ann O'Donnell <b>"}}]},
    {
        "classes": "govuk-summary-list--no-border",
        "rows": [
            {"key": {"text": "Vetting"}, "value": {"html": Markup("<p>NPPV3</p>\n<p>expires</p>"), "classes": "v"}},
            None,
            {
                "key": {"html": "<b>Phone</b>", "classes": "k"},
                "value": {"text": "0123"},
                "classes": "r",
                "actions": {"items": [{"href": "/edit?a=1&b=2", "text": "Change", "visuallyHiddenText": "phone"}]},
            },
            {
                "key": {"text": "Skills"},
                "value": {"text": ""},
                "actions": {
                    "classes": "acts",
                    "items": [
                        {"href": "/a", "text": "Add", "classes": "x"},
                        {"href": "/b", "html": "<i>Remove</i>", "attributes": {"data-x": "1"}},
                    ],
                },
            },
        ],
    },
]


@pytest.mark.parametrize("params", SUMMARY_CASES)
def test_python_summary_list_matches_the_govuk_macro(app, params):
    from core.summary_lists import govuk_summary_list

    macro = app.jinja_env.from_string(
        '{% from "govuk_frontend_jinja/components/summary-list/macro.html" import govukSummaryList as s %}'
        "{{ s(params) }}"
    )
    assert _squash(govuk_summary_list(params)) == _squash(macro.render(params=params))


def test_summary_cards_are_refused_not_approximated(app):
    from core.summary_lists import govuk_summary_list

    with pytest.raises(ValueError, match="cards"):
        govuk_summary_list({"card": {"title": {"text": "x"}}, "rows": []})


@pytest.mark.parametrize(
    ("current", "last", "shown"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 320, [1, 2, None, 320]),
        (2, 320, [1, 2, 3, None, 320]),
        (5, 320, [1, None, 4, 5, 6, None, 320]),
        (319, 320, [1, None, 318, 319, 320]),
        (3, 5, [1, 2, 3, 4, 5]),
    ],
)
def test_page_numbers_match_the_pager_rule(current, last, shown):
    from core.filters import page_numbers

    assert page_numbers(current, last) == shown
    # The rule the pager followed before, page by page: first, last, current and neighbours, one gap mark each.
    expected, gap = [], False
    for n in range(1, last + 1):
        if n in (1, last) or current - 1 <= n <= current + 1:
            expected.append(n)
            gap = False
        elif not gap:
            expected.append(None)
            gap = True
    assert page_numbers(current, last) == expected
