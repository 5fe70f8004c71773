"""The coordinator's dashboard in a browser: figures for a chosen period, a chart and its data table, axe clean."""

from __future__ import annotations

from core.dates import today
from sampledata.demo.duties import summer


def test_coordinator_lands_on_the_dashboard_and_it_is_accessible(page, login_as, assert_accessible):
    login_as(page, "coordinator@example.org")
    assert page.url.split("?")[0].endswith("/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Citizens in Policing figures"
    assert page.locator("svg[role=img]").count() == 4
    assert_accessible(page)


def test_the_summer_csc_figure_and_a_chart_with_its_table(page, login_as, assert_accessible):
    july, august = summer(today())
    login_as(page, "coordinator@example.org")
    for legend, day in (("From", july), ("To", august)):
        boxes = page.get_by_role("group", name=legend, exact=True)
        for box, part in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
            boxes.get_by_label(box, exact=True).fill(str(part))
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url(lambda url: f"from-year={july.year}" in url)
    body = " ".join(page.locator("main").inner_text().split())
    assert "11 CSCs did 50 duties and 361 hours in their own parishes (8 parishes)" in body
    chart = page.get_by_role("img", name="Headcount over time")
    assert chart.count() == 1
    description = page.locator("#chart-headcount-desc").text_content()
    assert "People in each programme at each month end" in description
    page.get_by_text("Show the data for headcount over time as a table").click()
    table = page.get_by_role("table", name="Headcount over time")
    assert table.is_visible()
    assert table.get_by_role("row").count() == 13  # header and 12 month ends
    assert_accessible(page)


def test_a_quarter_shortcut_and_a_wrong_period(page, login_as, assert_accessible):
    login_as(page, "coordinator@example.org")
    page.get_by_role("navigation", name="Quarters").get_by_role("link").nth(1).click()
    page.wait_for_load_state("load")
    assert "Q" in page.locator(".govuk-caption-l").inner_text()
    page.goto("/dashboard/?from=2026-09-01&to=2026-08-01")
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page)
