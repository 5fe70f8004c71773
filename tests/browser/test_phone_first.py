"""Phone first: every page a volunteer, a parish clerk and an employer reach, and the approvals and
roster pages, fit a 375 px screen without the page scrolling sideways; figure values fit their boxes at
768, 1024 and 1280 px; a table wrapper is a Tab stop only while it scrolls. (axe runs on these pages
in test_accessibility_everywhere; it is not run again here.)"""

from __future__ import annotations

import sqlalchemy as sa

from core.models import User
from tests.browser.conftest import DEMO_LOGINS
from tests.browser.test_accessibility_everywhere import _pages_for

PHONE = {"width": 375, "height": 812}
# Staff pages a supervisor or coordinator works through on a phone, besides every volunteer page.
STAFF_PHONE_PAGES = (
    "/scheduling/duties/approvals",
    "/scheduling/rosters",
    "/scheduling/rosters?view=day",
    "/scheduling/rosters?view=month",
)
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('main *')]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.cip-table-wrap[tabindex]'))
    .slice(0, 3).map((el) => el.tagName + '.' + el.className);
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""
FOCUSABLE_WRAPPERS_THAT_DO_NOT_SCROLL = """() => [...document.querySelectorAll('.cip-table-wrap')]
  .filter((w) => w.tabIndex >= 0 && w.hasAttribute('tabindex') && w.scrollWidth <= w.clientWidth + 1).length"""
SCROLLING_TABLES = """() => [...document.querySelectorAll('.cip-table-wrap')]
  .filter((w) => w.scrollWidth > w.clientWidth + 1)
  .map((w) => w.getAttribute('data-region-label')
    || (w.querySelector('caption') || w).textContent.trim().slice(0, 40))"""
FIGURES_OVERFLOWING = """() => [...document.querySelectorAll('.cip-figure__value')]
  .filter((v) => v.scrollWidth > v.clientWidth + 1 || v.getBoundingClientRect().right
                 > v.closest('.cip-figure').getBoundingClientRect().right + 1
                 || v.getBoundingClientRect().height > parseFloat(getComputedStyle(v).fontSize) * 1.6)
  .map((v) => v.textContent.trim())"""


def _role_pages(live_app, login: str) -> list[str]:
    from core.extensions import db

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == DEMO_LOGINS[login])).one()
        urls = _pages_for(live_app, user.role, user)
        db.session.remove()
    return urls


def _phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def _check_fits(page, url: str, problems: list[str], must_open: bool = False) -> None:
    response = page.goto(url)
    if response is None or response.status >= 400 or "html" not in (response.headers.get("content-type") or ""):
        if must_open:
            problems.append(f"{url}: did not open ({response.status if response else 'no response'})")
        return
    measured = page.evaluate(OVERFLOW)
    if measured["scroll"] > PHONE["width"]:
        problems.append(f"{url}: page is {measured['scroll']} px wide ({measured['wide']})")
    # Tables reflow into cards: nothing (an Approve button, a figure) is hidden off to the side.
    scrolling = page.evaluate(SCROLLING_TABLES)
    if scrolling:
        problems.append(f"{url}: tables scroll sideways instead of reading as cards: {scrolling}")
    extra_stops = page.evaluate(FOCUSABLE_WRAPPERS_THAT_DO_NOT_SCROLL)
    if extra_stops:
        problems.append(f"{url}: {extra_stops} table wrapper(s) focusable without scrolling")


def test_every_page_of_the_volunteer_parish_and_employer_fits_a_phone(browser, live_server, live_app, login_as):
    problems = []
    for login in ("special", "parish", "employer"):
        context, page = _phone(browser, live_server)
        try:
            login_as(page, DEMO_LOGINS[login])
            for url in _role_pages(live_app, login):
                _check_fits(page, url, problems)
        finally:
            context.close()
    assert not problems, "pages wider than a 375 px phone:\n" + "\n".join(problems)


def test_approvals_and_rosters_fit_a_phone(browser, live_server, login_as):
    problems = []
    for login in ("supervisor", "coordinator"):
        context, page = _phone(browser, live_server)
        try:
            login_as(page, DEMO_LOGINS[login])
            for url in STAFF_PHONE_PAGES:
                _check_fits(page, url, problems, must_open=True)
        finally:
            context.close()
    assert not problems, "pages wider than a 375 px phone:\n" + "\n".join(problems)


def test_figure_values_fit_their_boxes_at_tablet_and_desktop_widths(page, login_as):
    problems = []
    for login, url in (("coordinator", "/dashboard/"), ("parish", "/schemes/parishes/portal")):
        page.context.clear_cookies()
        login_as(page, DEMO_LOGINS[login])
        for width in (768, 1024, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert page.locator(".cip-figure__value").count(), f"no figures on {url}"
            overflowing = page.evaluate(FIGURES_OVERFLOWING)
            if overflowing:
                problems.append(f"{url} at {width} px: {overflowing}")
    assert not problems, "figure values wider than their boxes:\n" + "\n".join(problems)


def test_the_calendar_address_wraps_on_a_phone_and_can_be_copied(browser, live_server, login_as):
    context, page = _phone(browser, live_server)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        login_as(page, DEMO_LOGINS["special"])
        page.goto("/scheduling/calendar")
        page.locator("form[action$='/calendar/new'] button").click()
        page.wait_for_load_state("load")
        address = page.locator("#feed-url")
        box = address.bounding_box()
        assert box and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.get_by_role("button", name="Copy the calendar address").click()
        page.get_by_role("status").filter(has_text="Copied").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == address.inner_text().strip()
    finally:
        context.close()
