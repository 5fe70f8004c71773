"""One way to enter a date: the typed-date reader and the GOV.UK date and time fields, accepting and refusing."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired, Optional

from core.dates import today
from core.form_fields import gov_date, gov_time, in_the_past
from core.models import Role
from core.typed_dates import (
    DateProblem,
    date_from_boxes,
    date_from_query,
    month_from_query,
    parse_typed_date,
    parse_typed_time,
    query_boxes,
)

ROOT = Path(__file__).resolve().parents[1]
# A browser's own date or time picker, in markup or in a GOV.UK macro's parameters.
PICKER = re.compile(
    r"""type\s*=\s*["']?(date|time|month|week|datetime-local)\b"""  # <input type="date"> and the like
    r"""|["']type["']\s*:\s*["'](date|time|month)"""  # {"type": "date"} passed to a macro
)


@pytest.mark.parametrize(
    "text", ["27/03/2026", "27-3-2026", "2026-03-27", "27 3 2026", "27.03.2026", " 27/3/2026 ", "27 March 2026"]
)
def test_one_line_dates_in_every_accepted_format(text):
    assert parse_typed_date(text) == date(2026, 3, 27)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("30/02/2026", "must be a real date"),
        ("2026-02-30", "must be a real date"),
        ("27/13/2026", "must be a real date"),
        ("yesterday", "must be a real date"),
        ("27/03/26", "must include a year with 4 numbers, like 2026"),
        ("03/2026", "must be a real date"),
    ],
)
def test_one_line_dates_that_cannot_be_read_say_why(text, reason):
    with pytest.raises(DateProblem) as problem:
        parse_typed_date(text)
    assert problem.value.reason == reason


@pytest.mark.parametrize(
    ("boxes", "reason"),
    [
        (("", "3", "2026"), "must include a day"),
        (("27", "", "2026"), "must include a month"),
        (("27", "3", ""), "must include a year"),
        (("", "", "2026"), "must include a day and month"),
        (("27", "x", "2026"), "must be a real date"),
        (("29", "2", "2025"), "must be a real date"),
    ],
)
def test_boxes_missing_or_impossible(boxes, reason):
    with pytest.raises(DateProblem) as problem:
        date_from_boxes(*boxes)
    assert problem.value.reason == reason


def test_boxes_all_blank_is_no_date_and_a_month_name_is_read():
    assert date_from_boxes("", " ", None) is None
    assert date_from_boxes("29", "Feb", "2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", time(14, 30)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
        ("2:30pm", time(14, 30)),
        ("2.30 PM", time(14, 30)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("9am", time(9)),
        ("midday", time(12)),
        ("00:00", time(0)),
    ],
)
def test_times_in_every_accepted_format(text, expected):
    assert parse_typed_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14:75", "13pm", "0am", "half past two", "14:3"])
def test_times_that_are_not_real(text):
    with pytest.raises(DateProblem, match="must be a real time"):
        parse_typed_time(text)


def test_filters_read_the_boxes_or_an_older_single_value():
    assert date_from_query({"from-day": "1", "from-month": "7", "from-year": "2023"}, "from") == date(2023, 7, 1)
    assert date_from_query({"from": "2023-07-01"}, "from") == date(2023, 7, 1)
    assert query_boxes({"from": "2023-07-01"}, "from") == ("01", "07", "2023")
    assert date_from_query({}, "from") is None
    with pytest.raises(DateProblem, match="must include a year"):
        date_from_query({"to-day": "1", "to-month": "7"}, "to")
    assert month_from_query({"month-month": "3", "month-year": "2023"}) == date(2023, 3, 1)
    assert month_from_query({"month": "2023-03"}) == date(2023, 3, 1)
    with pytest.raises(DateProblem, match="must include a year"):
        month_from_query({"month-month": "3"})


class BirthForm(FlaskForm):
    class Meta:
        csrf = False

    born = gov_date("Date of birth", validators=[InputRequired("Enter the date of birth"), in_the_past])
    started = gov_date("Start date (optional)", validators=[Optional()])
    at = gov_time("Start time", validators=[Optional()])


def _form(app, data: dict) -> BirthForm:
    with app.test_request_context():
        form = BirthForm(formdata=MultiDict(data))
        form.validate()
        return form


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"born-day": "14", "born-month": "5", "born-year": "1995"}, date(1995, 5, 14)),
        ({"born": "14/05/1995"}, date(1995, 5, 14)),
        ({"born": "1995-05-14"}, date(1995, 5, 14)),
    ],
)
def test_the_date_field_accepts_boxes_or_one_value(app, data, expected):
    form = _form(app, data)
    assert form.born.data == expected and not form.errors


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"born-day": "14", "born-month": "", "born-year": "1995"}, "Date of birth must include a month"),
        ({"born-day": "31", "born-month": "2", "born-year": "1995"}, "Date of birth must be a real date"),
        ({"born": "14/05/95"}, "Date of birth must include a year with 4 numbers, like 2026"),
        ({"born-day": "", "born-month": "", "born-year": ""}, "Enter the date of birth"),
        ({"born-day": "1", "born-month": "1", "born-year": "2900"}, "Date of birth must be in the past"),
        ({"born": "1995-05-14", "started-day": "1", "started-year": "2020"}, "Start date must include a month"),
        ({"born": "1995-05-14", "at": "25:10"}, "Start time must be a real time, like 14:30 or 2:30pm"),
    ],
)
def test_the_date_field_refuses_naming_the_field(app, data, message):
    form = _form(app, data)
    assert message in [error for errors in form.errors.values() for error in errors]


def test_the_date_input_renders_three_named_boxes_and_keeps_what_was_typed(app):
    with app.test_request_context():
        form = BirthForm(formdata=MultiDict({"born-day": "31", "born-month": "2", "born-year": "1995", "at": "2pm"}))
        form.validate()
        page = render_template_string(
            '{% from "govuk_frontend_jinja/components/error-summary/macro.html" import govukErrorSummary %}'
            "{{ govukErrorSummary(wtforms_errors(form)) }}{{ form.born() }}{{ form.at() }}",
            form=form,
        )
    assert '<legend class="govuk-fieldset__legend">' in page and "Date of birth" in page
    for part, value in (("day", "31"), ("month", "2"), ("year", "1995")):
        assert f'name="born-{part}"' in page and f'id="born-{part}"' in page
        assert f'value="{value}"' in page
    assert "For example, 27 3 2007" in page
    assert 'href="#born-day"' in page  # the summary links to the first box
    assert 'value="2pm"' in page and form.at.data == time(14)


def test_a_saved_date_shows_in_the_boxes(app):
    with app.test_request_context():
        form = BirthForm(data={"born": date(2001, 9, 4), "at": time(8, 5)})
        page = form.born() + form.at()
    assert 'value="4"' in page and 'value="9"' in page and 'value="2001"' in page and 'value="08:05"' in page


def test_today_is_not_in_the_past(app):
    form = _form(app, {"born": today().isoformat()})
    assert form.born.errors == ["Date of birth must be in the past"]


def test_no_browser_date_picker_and_no_plain_wtforms_date_field_is_left(app):
    """Every date a person types is the GOV.UK date input: no <input type=date> or wtforms DateField remains."""
    from wtforms import DateField, DateTimeField, TimeField

    from tests.test_hardening import _all_form_classes

    pickers = [
        str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html") if PICKER.search(path.read_text())
    ]
    assert pickers == []
    with app.test_request_context():
        plain = [
            f"{form_class.__name__}.{field.name}"
            for form_class in _all_form_classes()
            for field in form_class(meta={"csrf": False})
            if isinstance(field, DateField | DateTimeField | TimeField)
        ]
    assert plain == []
    iso_hints = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if "YYYY-MM-DD" in path.read_text() or "For example, 20" in path.read_text()
    ]
    assert iso_hints == []


def test_imports_read_the_same_formats_and_name_the_field():
    """Volunteer, application and duty files take 27/03/2026 and 2026-03-27 through the same reader."""
    from core.csvio import CsvRow
    from core.refusals import Refusal
    from scheduling.duties import importer as duties
    from volunteers.imports import parse_date

    for text in ("27/03/2026", "2026-03-27", "27-3-2026"):
        assert parse_date(CsvRow(2, {"joined_on": text}), "joined_on") == date(2026, 3, 27)
        assert duties.parse_date(text) == date(2026, 3, 27)
    assert duties.parse_time("2:30pm", "start") == time(14, 30) and duties.parse_time("0930", "end") == time(9, 30)
    with pytest.raises(Refusal) as bad_date:
        parse_date(CsvRow(4, {"date_of_birth": "31/04/1990"}), "date_of_birth")
    assert bad_date.value.field == "date_of_birth"
    assert bad_date.value.message == "'31/04/1990' must be a real date: write it as 27/03/2026 or 2026-03-27"
    with pytest.raises(Refusal) as bad_time:
        duties.parse_time("25:00", "end")
    assert bad_time.value.field == "end" and bad_time.value.message.startswith("'25:00' must be a real time")


def test_a_duty_file_with_uk_dates_and_a_bad_row_names_its_line(app, db, coordinator_user):
    from scheduling.duties.importer import import_duties
    from tests import factories as f

    special = f.SpecialFactory()
    db.session.commit()
    vid = special.volunteer.id
    data = (
        "volunteer,date,start,end,type,district,esp,notes\n"
        f"{vid},04/07/2025,9am,12:00,patrol,,no,\n"
        f"{vid},2025-07-05,0900,1200,patrol,,no,\n"
        f"{vid},31/06/2025,09:00,12:00,patrol,,no,\n"
    ).encode()
    result = import_duties(data, coordinator_user, dry_run=True)
    assert result.rows == 3
    assert [(e.line, e.field) for e in result.errors] == [(4, "date")]
    assert "'31/06/2025' must be a real date" in result.errors[0].reason


def test_a_date_and_time_set_after_reading_the_form_are_shown(app):
    """A page that fills the form in code (a duty from a booked shift) shows those values in the boxes."""
    with app.test_request_context():
        form = BirthForm(formdata=None)
        form.born.data, form.at.data = date(2025, 7, 4), time(18, 0)
        page = form.born() + form.at()
    assert 'value="4"' in page and 'value="7"' in page and 'value="2025"' in page and 'value="18:00"' in page


def test_volunteer_records_take_the_boxes_and_refuse_naming_the_field(as_role, db):
    """The vetting and award forms: boxes accepted, a missing month and a future award named (GOV.UK wording)."""
    from tests import factories as f
    from tests.scheduling.helpers import post_form

    special = f.SpecialFactory()
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    vetting = f"/volunteers/{special.volunteer_id}/records/vetting/new"
    missing = post_form(
        client,
        vetting,
        {"level": "RV", "granted_on-day": "14", "granted_on-year": "2024", "expires_on": "14/05/2029"},
    ).get_data(as_text=True)
    assert "Granted on must include a month" in missing and 'href="#granted_on-month"' in missing
    assert missing.count("govuk-input--error") == 1  # only the month box is marked
    saved = post_form(
        client,
        vetting,
        {"level": "RV", **_boxes("granted_on", "14", "5", "2024"), **_boxes("expires_on", "14", "5", "2029")},
    )
    assert saved.status_code == 302
    future = post_form(
        client,
        f"/volunteers/{special.volunteer_id}/records/award/new",
        {"award_type": "pin_3_year", "awarded_on": (today().replace(day=1) + timedelta(days=40)).strftime("%d/%m/%Y")},
    ).get_data(as_text=True)
    assert "Awarded on must be today or in the past" in future


def _boxes(name: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
