"""On a phone-sized screen the demo Special chooses how we contact them (texts for call-outs); the CiP team's
outbox page lists messages by state. axe is clean throughout."""

from __future__ import annotations

import sqlalchemy as sa

from core.models import User
from notices.outbox.models import Channel, ContactPreference

PHONE = {"width": 375, "height": 812}
CHANNELS = {"MAIL_SERVER": "127.0.0.1", "NOTIFY_API_KEY": "k" * 74, "NOTIFY_SMS_TEMPLATE_ID": "sms-template"}


def test_choosing_how_we_contact_you_on_a_phone_and_the_outbox(
    browser, live_server, live_app, login_as, assert_accessible
):
    from core.extensions import db

    saved = {key: live_app.config.get(key) for key in CHANNELS}
    live_app.config.update(CHANNELS)
    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        user.volunteer.phone = user.volunteer.phone or "07700 900 321"
        volunteer_id = user.volunteer_id
        db.session.commit()
        db.session.remove()
    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "special@example.org")
        page.goto("/notices/")
        page.get_by_role("link", name="Choose how we contact you").click()
        assert page.get_by_role("heading", level=1).inner_text() == "How we contact you"
        assert_accessible(page)
        callouts = page.get_by_role("group", name="Call-outs: a shift needs people")
        callouts.get_by_label("By text message", exact=False).check()
        page.get_by_role("group", name="Your shift tomorrow (sent the evening before)").get_by_label(
            "Only in the service (Notices)"
        ).check()
        page.get_by_role("button", name="Save how we contact you").click()
        page.wait_for_load_state("load")
        assert "we will contact you as you chose" in page.locator("body").inner_text()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    finally:
        context.close()
    with live_app.app_context():
        chosen = dict(
            db.session.execute(
                sa.select(ContactPreference.kind, ContactPreference.channel).where(
                    ContactPreference.volunteer_id == volunteer_id
                )
            ).all()
        )
        db.session.remove()
    assert chosen["callout"] is Channel.SMS and chosen["shift_tomorrow"] is Channel.APP

    context = browser.new_context(base_url=live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        login_as(page, "coordinator@example.org")
        page.goto("/notices/outbox")
        assert_accessible(page)
        page.get_by_role("link", name="Failed (1)").click()
        page.wait_for_load_state("load")
        assert "Gave up after 6 tries" in page.locator("table").inner_text()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    finally:
        context.close()
        live_app.config.update(saved)
