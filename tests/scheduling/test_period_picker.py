"""Any period, not 12 months: a month three years back on My hours, the parish and employer portals and the hours
page shows that month's figures; a finished month's commitment is "Met" or "Not met", never "Not yet"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.dates import add_months, month_start, today
from core.models import Role
from core.period_picker import pick_period
from scheduling.hours.commitment import commitment_verdict
from schemes.models import PostState
from tests import factories as f
from volunteers.models import Programme


def _back(months: int) -> date:
    return add_months(month_start(today()), -months)


def _month_args(month: date) -> str:
    return f"month-month={month.month}&month-year={month.year}"


def test_commitment_verdict_for_finished_and_running_months():
    now = date(2026, 12, 5)
    assert commitment_verdict(960, 960, date(2023, 12, 1), now) == "Met"
    assert commitment_verdict(600, 960, date(2023, 12, 1), now) == "Not met"
    assert commitment_verdict(600, 960, date(2026, 11, 30), now) == "Not met"
    assert commitment_verdict(600, 960, date(2026, 12, 1), now) == "Not yet"
    assert commitment_verdict(1000, 960, date(2026, 12, 1), now) == "Met"
    assert commitment_verdict(600, None, date(2023, 1, 1), now) is None
    assert commitment_verdict(600, 0, date(2023, 1, 1), now) is None


@pytest.mark.parametrize(
    ("query", "box", "message"),
    [
        ({"month-month": "13", "month-year": "2023"}, "month", "The month must be a real month, like 3 2023"),
        ({"month-month": "3"}, "month", "The month must include a year"),
        ({"month-month": "3", "month-year": "1999"}, "month", "The month must be between January 2000 and this"),
        ({"from-day": "1", "from-month": "2", "from-year": "2024"}, "to", "Enter the end date"),
        ({"from-day": "31", "from-month": "2", "from-year": "2024", "to": "2024-03-01"}, "from", "must be a real"),
        ({"from": "2024-03-02", "to": "2024-03-01"}, "to", "The end date must be the same as or after the start"),
    ],
)
def test_the_picker_refuses_naming_the_box(app, query, box, message):
    fallback = (date(2026, 12, 1), date(2026, 12, 5))
    period = pick_period(query, date(2026, 12, 5), fallback)
    assert period.box == box and message in period.error
    assert (period.start, period.end) == fallback


def test_the_picker_reads_boxes_and_older_links(app):
    now, fallback = date(2026, 12, 5), (date(2026, 12, 1), date(2026, 12, 5))
    march = pick_period({"month-month": "3", "month-year": "2023"}, now, fallback)
    assert (march.start, march.end, march.month, march.label) == (
        date(2023, 3, 1),
        date(2023, 3, 31),
        date(2023, 3, 1),
        "March 2023",
    )
    assert pick_period({"month": "2023-03"}, now, fallback).month == date(2023, 3, 1)
    span = pick_period({"start": "2023-03-15", "end": "14/05/2023"}, now, fallback, legacy=("start", "end"))
    assert (span.start, span.end, span.month) == (date(2023, 3, 15), date(2023, 5, 14), None)
    assert span.months == [date(2023, 3, 1), date(2023, 4, 1), date(2023, 5, 1)]


def test_my_hours_reaches_a_month_three_years_back(as_role, db):
    client = as_role(Role.VOLUNTEER)
    volunteer = client.user.volunteer
    short, full = _back(36), _back(35)
    f.DutyFactory(volunteer=volunteer, duty_date=short + timedelta(days=3), minutes=600)
    f.DutyFactory(volunteer=volunteer, duty_date=full + timedelta(days=3), minutes=17 * 60)
    db.session.commit()
    page = client.get(f"/scheduling/hours/mine?{_month_args(short)}").get_data(as_text=True)
    assert f"{short:%B %Y}" in page and ">10<" in page and "Not met" in page and "Not yet" not in page
    both = client.get(
        f"/scheduling/hours/mine?from-day=1&from-month={short.month}&from-year={short.year}"
        f"&to-day=28&to-month={full.month}&to-year={full.year}"
    ).get_data(as_text=True)
    assert "Not met" in both and "Met" in both and ">17<" in both
    current = client.get("/scheduling/hours/mine").get_data(as_text=True)
    assert "Not yet" in current and "The last 12 months" in current


def test_parish_portal_reaches_a_month_three_years_back(as_role, db):
    post = f.CscPostFactory(state=PostState.IN_POST)
    parish = post.agreement.parish
    csc = f.SpecialFactory(csc_post=post, volunteer__first_name="Alex", volunteer__last_name="Ward")
    f.MembershipFactory(volunteer=csc.volunteer, programme=Programme.CSC, started_on=_back(40))
    month = _back(36)
    f.DutyFactory(volunteer=csc.volunteer, parish=parish, duty_date=month + timedelta(days=2), minutes=450)
    db.session.commit()
    client = as_role(Role.PARISH, parish=parish)
    page = client.get(f"/schemes/parishes/portal?{_month_args(month)}").get_data(as_text=True)
    assert f"Policing in the parish, {month:%B %Y}" in page
    assert "Alex Ward" in page and ">7.5<" in page and "Not met" in page and "Not yet" not in page
    refused = client.get("/schemes/parishes/portal?month-month=14&month-year=2023").get_data(as_text=True)
    assert "There is a problem" in refused and 'href="#month-month"' in refused


def test_employer_portal_reaches_a_month_three_years_back(as_role, db):
    business = f.EspBusinessFactory(name="Acme Logistics", release_minutes_per_month=480)
    ann = f.SpecialFactory(esp_business=business, volunteer__first_name="Ann", volunteer__last_name="Able")
    month = _back(37)
    f.DutyFactory(
        volunteer=ann.volunteer, duty_date=month + timedelta(days=4), minutes=330, is_esp=True, esp_business=business
    )
    db.session.commit()
    client = as_role(Role.EMPLOYER, esp_business=business)
    page = client.get(f"/schemes/esp/portal?{_month_args(month)}").get_data(as_text=True)
    assert f"{month:%B %Y}" in page and "Ann Able" in page and ">5.5<" in page


def test_hours_page_reaches_a_month_three_years_back(as_role, db):
    month = _back(38)
    f.DutyFactory(duty_date=month + timedelta(days=5), minutes=270)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    page = client.get(f"/scheduling/hours?{_month_args(month)}&by=month").get_data(as_text=True)
    assert f"{month:%B %Y}" in page and ">4.5<" in page
    assert 'name="month-month"' in page and 'name="from-day"' in page and 'type="date"' not in page
