"""Hours: commitment, welfare, totals by area and programme, CSC hours in their own parish, ESP."""

from __future__ import annotations

from datetime import date

from core.models import Role
from scheduling.hours import services as hours
from scheduling.hours import welfare
from tests import factories as f


def test_totals_by_district_lpa_parish_programme_and_month(db):
    parish = f.ParishFactory()
    a = f.SpecialFactory()
    f.DutyFactory(
        volunteer=a.volunteer, duty_date=date(2026, 7, 4), district=parish.district, parish=parish, minutes=240
    )
    f.DutyFactory(volunteer=a.volunteer, duty_date=date(2026, 8, 4), district=parish.district, minutes=60)
    db.session.commit()
    start, end = date(2026, 7, 1), date(2026, 8, 31)
    assert [(t.label, t.duties, t.minutes) for t in hours.totals_by_district(start, end)] == [
        (parish.district.name, 2, 300)
    ]
    assert hours.totals_by_lpa(start, end)[0].label == parish.district.command.name
    assert [(t.label, t.minutes) for t in hours.totals_by_parish(start, end)] == [(parish.name, 240)]
    assert [(t.label, t.minutes, t.people) for t in hours.totals_by_programme(start, end)] == [
        ("Special Constable", 300, 1)
    ]
    assert [(t.label, t.minutes) for t in hours.totals_by_month(start, end)] == [
        ("July 2026", 240),
        ("August 2026", 60),
    ]


def test_esp_hours_by_employer(db):
    business = f.EspBusinessFactory()
    special = f.SpecialFactory(esp_business=business)
    f.DutyFactory(volunteer=special.volunteer, is_esp=True, esp_business=business, minutes=120)
    f.DutyFactory(volunteer=special.volunteer, duty_date=date(2026, 7, 5), minutes=120)
    db.session.commit()
    rows = hours.esp_hours_by_employer(date(2026, 7, 1), date(2026, 7, 31))
    assert [(r.label, r.minutes) for r in rows] == [(business.name, 120)]


def test_shortfall_welfare_and_personal_override(db):
    short = f.SpecialFactory()
    busy = f.SpecialFactory()
    light = f.SpecialFactory(monthly_commitment_minutes=4 * 60)
    f.DutyFactory(volunteer=short.volunteer, duty_date=date(2026, 7, 4), minutes=600)
    for day in range(1, 16):
        f.DutyFactory(volunteer=busy.volunteer, duty_date=date(2026, 7, day), minutes=240)
    f.DutyFactory(volunteer=light.volunteer, duty_date=date(2026, 7, 4), minutes=300)
    db.session.commit()
    shortfall = {r.volunteer_id: r for r in welfare.shortfall_list(date(2026, 7, 15))}
    assert set(shortfall) == {short.volunteer_id}
    assert shortfall[short.volunteer_id].shortfall == 360
    assert [r.volunteer_id for r in welfare.welfare_list(date(2026, 7, 1))] == [busy.volunteer_id]
    three = {r.volunteer_id: r for r in welfare.shortfall_list(date(2026, 9, 1), months=3)}
    assert three[short.volunteer_id].commitment == 3 * 960 and busy.volunteer_id not in three


def test_hours_screens(as_role, db):
    f.DutyFactory(duty_date=date(2026, 7, 4))
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    assert "Below commitment" in client.get("/scheduling/hours/welfare?month=2026-07").get_data(as_text=True)
    page = client.get("/scheduling/hours?start=2026-07-01&end=2026-08-31&by=month")
    assert page.status_code == 200 and "July 2026" in page.get_data(as_text=True)
    csv = client.get("/scheduling/hours?start=2026-07-01&end=2026-08-31&by=district&format=csv")
    assert csv.mimetype == "text/csv" and "District,Duties,Hours" in csv.get_data(as_text=True)
    bad = client.get("/scheduling/hours?start=nonsense")
    assert "The start date must be a real date" in bad.get_data(as_text=True)


def test_my_hours(as_role):
    client = as_role(Role.VOLUNTEER)
    page = client.get("/scheduling/hours/mine")
    assert page.status_code == 200 and "The last 12 months" in page.get_data(as_text=True)
