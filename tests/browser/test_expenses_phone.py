"""A Special claims mileage for a duty from a phone (375 px), with a photo of a receipt: the two questions
pages, the claim sent and shown, nothing wider than the screen, and no serious or critical axe finding; then
mileage for a training course of theirs."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import User
from expenses.models import ClaimedDuty, ClaimKind
from scheduling.models import Duty, DutyStatus
from tests.browser.conftest import DEMO_LOGINS

PHONE = {"width": 375, "height": 812}
PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(200)
FITS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"


def _unclaimed_duty(live_app) -> int:
    """An approved duty of the demo Special with no live mileage claim (the demo leaves some to claim)."""
    from core.extensions import db

    with live_app.app_context():
        volunteer_id = db.session.scalar(sa.select(User.volunteer_id).where(User.email == DEMO_LOGINS["special"]))
        claimed = sa.select(ClaimedDuty.duty_id).where(ClaimedDuty.kind == ClaimKind.MILEAGE, ClaimedDuty.live)
        duty_id = db.session.scalar(
            sa.select(Duty.id)
            .where(Duty.volunteer_id == volunteer_id, Duty.status == DutyStatus.APPROVED, Duty.id.not_in(claimed))
            .order_by(Duty.duty_date.desc())
            .limit(1)
        )
        db.session.remove()
    assert duty_id is not None
    return duty_id


def test_a_special_claims_mileage_with_a_photo_on_a_phone(browser, live_server, live_app, login_as, assert_accessible):
    duty_id = _unclaimed_duty(live_app)
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, DEMO_LOGINS["special"])
        page.goto("/expenses/claims")
        page.get_by_role("button", name="Claim expenses").click()
        assert page.evaluate(FITS)
        assert_accessible(page)
        page.get_by_label("Mileage").check()
        page.get_by_role("button", name="Continue").click()
        page.locator(f"input[name=duties][value='{duty_id}']").check()
        page.get_by_label("Car").check()
        page.get_by_label("Miles travelled").fill("18")
        page.get_by_label("Photo or PDF of a receipt, such as parking (optional)").set_input_files(
            {"name": "pump.png", "mimeType": "image/png", "buffer": PHOTO}
        )
        assert page.evaluate(FITS)
        assert_accessible(page)
        page.get_by_role("button", name="Send claim").click()
        page.wait_for_url("**/expenses/claims/*")
        assert "Claim sent" in page.content()
        assert page.get_by_text("Waiting for approval").first.is_visible()
        assert page.get_by_role("link", name="Open the receipt").is_visible()
        assert page.evaluate(FITS)
        assert_accessible(page)
        page.goto("/expenses/claims/new")
        page.get_by_label("Mileage").check()
        page.get_by_label("A training course").check()
        page.get_by_role("button", name="Continue").click()
        page.locator("input[name=training_record]").first.check()
        page.get_by_label("Car").check()
        page.get_by_label("Miles travelled").fill("26")
        assert page.evaluate(FITS)
        assert_accessible(page)
        page.get_by_role("button", name="Send claim").click()
        page.wait_for_url("**/expenses/claims/*")
        assert page.get_by_text("Training course").first.is_visible()
    finally:
        context.close()
