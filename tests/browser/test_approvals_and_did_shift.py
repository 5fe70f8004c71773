"""Approvals that scale and "I did this shift", in Chromium at 375 px and 1280 px: no sideways scrolling, axe
clean. The supervisor approves ticked duties on a phone and a filtered page on a desktop; the demo Special
confirms a finished shift in one tap."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from core.dates import local_to_utc
from core.models import User
from scheduling.models import Duty, DutyStatus, DutyType, Shift, ShiftSignup, SignupStatus

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TITLE = "Browser test: shift done"


def _fits(page, viewport: dict) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1, page.url


def _finished_booking(live_app) -> int:
    """A shift the demo Special was booked on, finished in the last days at an hour free of their duties."""
    from core.extensions import db

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        day = datetime.now(UTC).date() - timedelta(days=1)
        while db.session.scalar(
            sa.select(Duty.id).where(
                Duty.volunteer_id == user.volunteer_id,
                Duty.starts_at < local_to_utc(day, time(5)),
                Duty.ends_at > local_to_utc(day, time(3)),
            )
        ):
            day -= timedelta(days=1)
        starts = local_to_utc(day, time(3))
        shift = Shift(
            title=TITLE,
            shift_type=DutyType.PATROL,
            place="Rayleigh",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
        )
        shift.places = 2
        db.session.add(ShiftSignup(shift=shift, volunteer_id=user.volunteer_id, status=SignupStatus.CONFIRMED))
        db.session.commit()
        shift_id = shift.id
        db.session.remove()
    return shift_id


def test_approve_on_a_phone_and_a_desktop_and_confirm_a_shift(
    browser, live_server, live_app, login_as, assert_accessible
):
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "supervisor@example.org")
        page.goto("/scheduling/duties/approvals")
        total = int(re.search(r"(\d+) duties wait", page.locator("#queue-total").inner_text()).group(1))
        _fits(page, PHONE)
        assert_accessible(page)
        boxes = page.locator("input[name=duty]")
        boxes.nth(0).check()
        boxes.nth(1).check()
        page.get_by_role("button", name="Approve the ticked duties").click()
        page.wait_for_load_state("load")
        assert "2 duties approved" in page.locator("body").inner_text()
        assert f"{total - 2} duties wait" in page.locator("#queue-total").inner_text()
        _fits(page, PHONE)

        page.set_viewport_size(DESKTOP)
        page.locator("#volunteer").select_option(index=1)
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state("load")
        shown = page.locator("input[name=duty]").count()
        assert shown >= 1
        _fits(page, DESKTOP)
        assert_accessible(page)
        page.get_by_role("button", name=re.compile(r"^Approve all \d+ dut")).click()
        page.wait_for_load_state("load")
        assert f"{shown} dut" in page.locator(".govuk-notification-banner").first.inner_text()

        shift_id = _finished_booking(live_app)
        context.clear_cookies()
        page.set_viewport_size(PHONE)
        login_as(page, "special@example.org")
        page.goto("/scheduling/shifts")
        page.get_by_role("link", name=re.compile(f"I did this shift \\({TITLE}")).click()
        page.wait_for_load_state("load")
        assert page.title().startswith(f"I did this shift: {TITLE}")
        _fits(page, PHONE)
        assert_accessible(page)
        page.get_by_role("button", name="Confirm this duty as booked").click()
        page.wait_for_load_state("load")
        assert "a supervisor will approve it" in page.locator("body").inner_text()
        _fits(page, PHONE)
    finally:
        context.close()

    from core.extensions import db

    with live_app.app_context():
        duty = db.session.scalars(sa.select(Duty).where(Duty.shift_id == shift_id)).one()
        assert duty.signup_id is not None and duty.minutes == 120 and duty.status == DutyStatus.PENDING
        db.session.remove()
