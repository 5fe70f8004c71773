"""The parish portal as parish@example.org, the employer portal and the staff screens in a browser, with axe."""

from __future__ import annotations

import sqlalchemy as sa

from core.filters import hours
from core.models import User
from tests.browser.conftest import DEMO_LOGINS


def _statement_for(live_app, email: str, month=None):
    """The figures the portal should show, computed straight from the demo database."""
    from core.dates import today
    from core.extensions import db
    from schemes.parishes.portal import parish_statement

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        statement = parish_statement(user.parish, month or today().replace(day=1))
        figures = {
            "council": user.parish.council_name,
            "duties": statement.total_duties,
            "hours": hours(statement.total_minutes),
            "posts": len(statement.posts),
            "officers": [o.officer for o in statement.officers],
            "history": [(m, d, mins) for m, d, mins in statement.history],
        }
        db.session.remove()
    return figures


def test_parish_portal_in_the_browser(page, live_app, login_as, assert_accessible):
    email = DEMO_LOGINS["parish"]
    expected = _statement_for(live_app, email)
    login_as(page, email)
    assert page.url.split("?")[0].endswith("/schemes/parishes/portal")
    assert page.get_by_role("heading", level=1).inner_text() == expected["council"] == "Billericay Town Council"
    assert page.get_by_role("link", name="Your council").count() == 1
    assert page.get_by_role("link", name="Parishes").count() == 0
    figures = page.locator(".cip-figure").all_inner_texts()
    assert any(f.startswith(f"{expected['duties']}\n") or f.startswith(f"{expected['duties']} ") for f in figures), (
        figures
    )
    assert any(expected["hours"] in f and "hours policed" in f for f in figures), figures
    posts_table = page.get_by_role("table", name="Posts funded by the council")
    assert posts_table.locator("tbody tr").count() == expected["posts"]
    for officer in expected["officers"]:
        assert officer in page.locator("body").inner_text()
    assert_accessible(page)

    # Choose the busiest month of the last twelve and check the page follows.
    busiest, duties, minutes = max(expected["history"], key=lambda item: item[2])
    assert minutes > 0, "the demo's Billericay CSCs police the parish"
    picker = page.get_by_role("group", name="Month", exact=True)  # the month and year boxes
    picker.get_by_label("Month", exact=True).fill(str(busiest.month))
    picker.get_by_label("Year", exact=True).fill(str(busiest.year))
    page.get_by_role("button", name="Show month").click()
    page.wait_for_load_state("load")
    assert f"month-month={busiest.month}&month-year={busiest.year}" in page.url
    texts = page.locator(".cip-figure").all_inner_texts()
    assert any(hours(minutes) in t and "hours policed" in t for t in texts), texts
    assert any(t.split()[0] == str(duties) for t in texts), texts
    assert_accessible(page)

    # The statement link downloads a PDF for that month.
    link = page.get_by_role("link", name=f"Download the statement for {busiest:%B %Y} (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")

    # Nothing outside its own council.
    for url in ("/schemes/parishes", "/schemes/esp", "/volunteers/"):
        assert page.request.get(url).status in (403, 404), url


def test_employer_portal_in_the_browser(page, login_as, assert_accessible):
    login_as(page, DEMO_LOGINS["employer"])
    assert page.url.split("?")[0].endswith("/schemes/esp/portal")
    assert page.get_by_role("heading", level=2, name="Annual statement").count() == 1
    assert_accessible(page)


def test_staff_scheme_screens_open_with_one_heading(page, login_as, assert_accessible):
    """Each scheme screen opens with one main heading (axe checks them all in the every-page walk,
    test_accessibility_everywhere); a council's own page, reached through the list, is checked here."""
    login_as(page, DEMO_LOGINS["coordinator"])
    for path in (
        "/schemes/",
        "/schemes/parishes",
        "/schemes/parishes/posts",
        "/schemes/parishes/unable-to-recruit",
        "/schemes/esp",
        "/schemes/watch",
        "/schemes/watch/interests",
        "/schemes/speedwatch",
        "/schemes/speedwatch/figures",
        "/schemes/cadet-units",
        "/schemes/csas",
        "/schemes/csas/persons",
        "/schemes/parishes/new",
        "/schemes/esp/new",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.get_by_role("heading", level=1).count() == 1, path
    # a council's own page, reached through the list
    page.goto("/schemes/parishes?q=Billericay")
    page.get_by_role("link", name="Billericay Town Council").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).inner_text() == "Billericay Town Council"
    assert_accessible(page)
