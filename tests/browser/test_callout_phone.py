"""A call-out on phones (375 px): a coordinator sends it, the volunteer books in one tap from the link without
signing in, the coordinator's answers table turns to "Accepted" by itself (its JSON poll); the volunteer then
sets their availability on the phone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from core.dates import LONDON, today
from core.models import User
from notices.models import Notice
from scheduling.availability.models import AvailabilityDate
from scheduling.models import DutyType, Shift
from volunteers.models import Volunteer

PHONE = {"width": 375, "height": 812}


def _setup(live_app) -> tuple[int, str]:
    """A Specials' shift of two places in the demo Special's district, on a day they said they are free."""
    from core.extensions import db

    with live_app.app_context():
        special = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        person = db.session.get(Volunteer, special.volunteer_id)
        day = today() + timedelta(days=47)
        starts = datetime.combine(day, time(3, 0), tzinfo=LONDON).astimezone(UTC)
        shift = Shift(
            title="Call-out test patrol",
            shift_type=DutyType.PATROL,
            place="Southend seafront",
            district_id=person.district_id,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            places=2,
            eligible_programmes="special",
        )
        db.session.add_all([shift, AvailabilityDate(volunteer_id=person.id, day=day, available=True)])
        db.session.commit()
        out = shift.id, person.full_name
        db.session.remove()
    return out


def _link(live_app, name: str) -> str:
    from core.extensions import db

    with live_app.app_context():
        vid = db.session.scalar(sa.select(User.volunteer_id).where(User.email == "special@example.org"))
        link = db.session.scalar(
            sa.select(Notice.link)
            .where(Notice.volunteer_id == vid, Notice.link.like("/scheduling/callouts/answer/%"))
            .order_by(Notice.id.desc())
        )
        db.session.remove()
    assert link, f"no call-out notice for {name}"
    return link


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1, page.url


def test_a_call_out_is_sent_booked_in_one_tap_and_shown_accepted(
    browser, live_server, live_app, login_as, assert_accessible
):
    shift_id, name = _setup(live_app)
    staff = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    volunteer = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    for context in (staff, volunteer):
        context.set_default_timeout(15_000)
    try:
        page = staff.new_page()
        login_as(page, "coordinator@example.org")
        page.goto(f"/scheduling/shifts/{shift_id}")
        page.get_by_role("link", name="Call out for this shift").click()
        page.wait_for_load_state("load")
        assert_accessible(page)
        _fits(page)
        page.get_by_label(name, exact=False).first.check()
        page.get_by_role("button", name="Send to the people ticked").click()
        page.wait_for_load_state("load")
        assert "Call-out sent to 1 people" in page.locator("body").inner_text()
        status = page.locator("tr[data-invite] [data-field=status]").first
        expect(status).to_have_text("Asked, no answer yet")
        assert_accessible(page)
        _fits(page)

        tap = volunteer.new_page()  # not signed in: the link is the credential
        tap.goto(_link(live_app, name))
        assert "Can you do Call-out test patrol?" in tap.locator("h1").inner_text()
        assert_accessible(tap)
        _fits(tap)
        tap.get_by_role("button", name="Book me on this shift").tap()
        tap.wait_for_load_state("load")
        expect(tap.locator(".govuk-panel__title")).to_have_text("You are booked")
        assert_accessible(tap)

        expect(status).to_have_text("Accepted", timeout=10_000)  # the poll, without reloading the page

        login_as(tap, "special@example.org")  # and sets their availability on the phone
        tap.goto("/scheduling/availability")
        assert_accessible(tap)
        _fits(tap)
        tap.locator("#slot-2-evening").check()
        tap.get_by_label("4 hours").check()
        tap.get_by_role("button", name="Save your availability").click()
        tap.wait_for_load_state("load")
        assert "Your availability is saved" in tap.locator("body").inner_text()
        assert tap.locator("#slot-2-evening").is_checked() and tap.locator("#slot-1-evening").is_checked()
    finally:
        staff.close()
        volunteer.close()
