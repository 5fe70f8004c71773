"""A coordinator runs a shift: change it, repeat it, fill a gap, cancel it with a reason; at 1280 and 375 px.

axe is clean on every page, a phone never scrolls sideways, and the person booked finds the notice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from core.models import User
from scheduling.models import DutyType, Shift, ShiftSignup, SignupStatus

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _setup(live_app) -> int:
    """A Specials' shift of one place, 60 days ahead, with the demo Special booked on it."""
    from core.extensions import db

    with live_app.app_context():
        special = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        starts = datetime.now(UTC).replace(microsecond=0, second=0, minute=0) + timedelta(days=60)
        shift = Shift(
            title="Coordinator test patrol",
            shift_type=DutyType.PATROL,
            place="Southend seafront",
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            places=1,
            eligible_programmes="special,csc",
        )
        db.session.add(shift)
        db.session.flush()
        db.session.add(ShiftSignup(shift_id=shift.id, volunteer_id=special.volunteer_id, status=SignupStatus.CONFIRMED))
        db.session.commit()
        shift_id = shift.id
        db.session.remove()
    return shift_id


def _fits(page) -> None:
    width = page.viewport_size["width"]
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
        " && !e.closest('.cip-table-wrap table'))"
        ".slice(0, 12).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, (page.url, wide)


def _done(page) -> None:
    page.wait_for_load_state("load")


def test_a_coordinator_changes_repeats_fills_and_cancels_a_shift(
    browser, live_server, live_app, login_as, assert_accessible
):
    shift_id = _setup(live_app)
    desk = browser.new_context(base_url=live_server, viewport=DESKTOP)
    phone = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    for context in (desk, phone):
        context.set_default_timeout(15_000)
    try:
        page = desk.new_page()
        login_as(page, "coordinator@example.org")
        page.goto(f"/scheduling/shifts/{shift_id}")
        assert "Open to: Community Special Constable" in page.locator("main").inner_text()
        assert_accessible(page)

        page.get_by_role("link", name="Change this shift").click()
        _done(page)
        assert_accessible(page)
        page.get_by_label("Places").fill("3")
        page.get_by_role("button", name="Save changes").click()
        _done(page)
        assert "Shift changed: places" in page.locator("body").inner_text()

        page.get_by_role("link", name="Repeat weekly").click()
        _done(page)
        page.get_by_label("Number of weeks").fill("2")
        page.get_by_role("button", name="Show the dates").click()
        _done(page)
        assert "2 shifts will be created." in page.locator("main").inner_text()
        assert_accessible(page)
        page.get_by_role("button", name="Create the shifts").click()
        _done(page)
        assert "2 shifts created" in page.locator("body").inner_text()

        page.get_by_role("link", name="Fill a gap").click()
        _done(page)
        assert_accessible(page)
        page.locator(".cip-gap-list button").first.click()
        _done(page)
        assert "added (confirmed) and told" in page.locator("body").inner_text()

        small = phone.new_page()
        login_as(small, "coordinator@example.org")
        for path in (f"/scheduling/shifts/{shift_id}", f"/scheduling/shifts/{shift_id}/gaps"):
            small.goto(path)
            assert_accessible(small)
            _fits(small)
        small.goto(f"/scheduling/shifts/{shift_id}/cancel")
        small.get_by_role("button", name="Cancel the shift").click()
        _done(small)
        assert "Enter why the shift is cancelled" in small.locator(".govuk-error-summary").inner_text()
        assert_accessible(small)
        _fits(small)
        small.get_by_label("Why is the shift cancelled?").fill("Seafront closed for a storm")
        small.get_by_role("button", name="Cancel the shift").click()
        _done(small)
        assert "This shift is cancelled: Seafront closed for a storm." in small.locator("main").inner_text()

        booked = phone.new_page()
        phone.clear_cookies()
        login_as(booked, "special@example.org")
        booked.get_by_role("link", name="Notices").first.click()
        _done(booked)
        assert "is cancelled: Seafront closed for a storm" in booked.locator("main").inner_text()
        assert_accessible(booked)
        _fits(booked)
    finally:
        desk.close()
        phone.close()
