"""On a phone-sized screen a Special signs up to a shift and logs a duty; axe is clean throughout."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from core.dates import local_to_utc
from core.models import User
from scheduling.models import Duty, DutyType, Shift, ShiftSignup

PHONE = {"width": 375, "height": 812}


def _setup(live_app) -> tuple[int, str]:
    """A fresh shift the demo Special can take, and a past day on which 03:00-04:00 is free."""
    from core.extensions import db

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        starts = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=40)
        shift = Shift(
            title="Phone test patrol",
            shift_type=DutyType.PATROL,
            place="Chelmsford High Street",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            places=2,
        )
        db.session.add(shift)
        db.session.commit()
        day = datetime.now(UTC).date() - timedelta(days=3)
        while db.session.scalar(
            sa.select(Duty.id).where(
                Duty.volunteer_id == user.volunteer_id,
                Duty.starts_at < local_to_utc(day, time(4)),
                Duty.ends_at > local_to_utc(day, time(3)),
            )
        ):
            day -= timedelta(days=1)
        shift_id = shift.id
        db.session.remove()
    return shift_id, day.isoformat()


def test_sign_up_and_log_a_duty_on_a_phone(browser, live_server, live_app, login_as, assert_accessible):
    shift_id, day = _setup(live_app)
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "special@example.org")
        page.goto("/scheduling/shifts")
        assert page.get_by_role("heading", level=1).inner_text() == "Shifts"
        assert_accessible(page)
        page.get_by_role("link", name="Phone test patrol").click()
        assert_accessible(page)
        page.get_by_role("button", name="Sign up").click()
        page.wait_for_load_state("load")
        assert "You are signed up" in page.locator("body").inner_text()
        assert_accessible(page)
        # No sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

        page.goto("/scheduling/duties/new")
        assert_accessible(page)
        started = page.get_by_role("group", name="Date the duty started")
        for box, part in zip(("Day", "Month", "Year"), reversed(day.split("-")), strict=True):
            started.get_by_label(box, exact=True).fill(part)
        page.get_by_label("Start time").fill("03:00")
        page.get_by_label("End time").fill("02:00")
        page.get_by_label("Type of duty").select_option("patrol")
        page.get_by_role("button", name="Save duty").click()
        page.wait_for_load_state("load")
        assert "The duty must end after it starts" in page.locator(".govuk-error-summary").inner_text()
        assert_accessible(page)
        page.get_by_label("End time").fill("04:00")
        page.get_by_label("Place").fill("Chelmsford station")
        page.get_by_role("button", name="Save duty").click()
        page.wait_for_load_state("load")
        assert "a supervisor will approve it" in page.locator("body").inner_text()
        assert "Chelmsford station" in page.locator("body").inner_text()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    finally:
        context.close()

    from core.extensions import db

    with live_app.app_context():
        signup = db.session.scalars(sa.select(ShiftSignup).where(ShiftSignup.shift_id == shift_id)).one()
        assert signup.status.value == "confirmed"
        duty = db.session.scalars(sa.select(Duty).where(Duty.place == "Chelmsford station")).one()
        assert duty.minutes == 60 and duty.status.value == "pending"
        db.session.remove()
