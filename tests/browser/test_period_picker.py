"""On a phone a Special picks a month three years back on My hours with the month and year boxes; axe is clean,
the page does not scroll sideways, and a wrong month is refused with a message linking to its box."""

from __future__ import annotations

from core.dates import add_months, month_start, today

PHONE = {"width": 375, "height": 812}


def test_my_hours_for_a_month_three_years_back_on_a_phone(browser, live_server, login_as, assert_accessible):
    month = add_months(month_start(today()), -36)
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "special@example.org")
        page.goto("/scheduling/hours/mine")
        picker = page.get_by_role("group", name="Month", exact=True)
        picker.get_by_label("Month", exact=True).fill(str(month.month))
        picker.get_by_label("Year", exact=True).fill(str(month.year))
        page.get_by_role("button", name="Show month").click()
        page.wait_for_url(lambda url: f"month-year={month.year}" in url)
        table = page.get_by_role("table")
        assert f"{month:%B %Y}" in table.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
        assert_accessible(page)
        picker = page.get_by_role("group", name="Month", exact=True)
        picker.get_by_label("Month", exact=True).fill("13")
        page.get_by_role("button", name="Show month").click()
        page.wait_for_load_state("load")
        summary = page.locator(".govuk-error-summary")
        assert "The month must be a real month" in summary.inner_text()
        summary.get_by_role("link").click()
        assert page.evaluate("document.activeElement.id") == "month-month"
        assert_accessible(page)
    finally:
        context.close()
