"""On a phone-sized screen: a Special's "My kit", a coordinator's issue form refusing more boots than the store
holds, then issuing a radio, and a figure of kit outstanding opening its list; axe is clean and nothing scrolls
sideways."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import User

PHONE = {"width": 375, "height": 812}


def _demo_special_id(live_app) -> int:
    from core.extensions import db

    with live_app.app_context():
        volunteer_id = db.session.scalar(sa.select(User.volunteer_id).where(User.email == "special@example.org"))
        db.session.remove()
    return volunteer_id


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, page.url


def test_my_kit_and_the_issue_form_on_a_phone(browser, live_server, live_app, login_as, assert_accessible):
    special_id = _demo_special_id(live_app)
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "special@example.org")
        page.goto("/kit/mine")
        assert page.get_by_role("heading", level=1).inner_text() == "My kit"
        held = page.locator(".cip-kit-list").inner_text()
        assert "Radio TPH900100" in held and "Body armour BA-26000" in held and "Due for replacement" in held
        assert_accessible(page)
        _fits(page)
        context.clear_cookies()

        login_as(page, "coordinator@example.org")
        page.goto(f"/kit/people/{special_id}/issue")
        what = page.get_by_label("What to issue")
        boots = page.locator("option", has_text="Patrol boots, size 11").get_attribute("value")
        what.select_option(boots)
        page.get_by_label("Quantity (uniform only)").fill("5")
        page.get_by_role("button", name="Issue").click()
        page.wait_for_load_state("load")
        assert "Only 1 of Patrol boots, size 11 is in the store" in page.locator(".govuk-error-summary").inner_text()
        assert_accessible(page)
        _fits(page)
        what.select_option(page.locator("option", has_text="Radio TPH900109").get_attribute("value"))
        page.get_by_label("Quantity (uniform only)").fill("")
        page.get_by_role("button", name="Issue").click()
        page.wait_for_load_state("load")
        assert "Radio TPH900109 issued to" in page.locator("body").inner_text()
        assert "Radio TPH900109" in page.locator(".cip-kit-list").inner_text()
        _fits(page)  # (the person's page is in the every-page axe walk)

        page.goto("/kit/outstanding")
        page.get_by_role("link", name="2 radios not returned by people who have left").click()
        page.wait_for_load_state("load")
        assert page.locator("tbody tr").count() == 2
        assert_accessible(page)  # (a figure's list is not in the walk: it needs a figure's name)
        _fits(page)
    finally:
        context.close()
