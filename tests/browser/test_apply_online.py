"""Applying online from a phone (375 px): an error, "you cannot apply", back links, a change from "Check your
answers", a Community Special Constable parish post, and the confirmation, with axe on every kind of page."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.conftest import check_accessible

PHONE = {"width": 375, "height": 812}


def _district_recruiting_for_a_parish(live_app) -> tuple[str, str]:
    """A district (name) with a parish recruiting for a CSC post, and that parish council's name."""
    from apply.services import districts, recruiting_posts
    from core.extensions import db

    with live_app.app_context():
        for district_id, name in districts():
            posts = recruiting_posts(district_id)
            if posts:
                db.session.remove()
                return name, posts[0][1]
    raise AssertionError("the demo data has no parish recruiting for a CSC post")


def _continue(page) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_recruit_applies_from_a_phone(browser, live_server, live_app):
    district, parish = _district_recruiting_for_a_parish(live_app)
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/apply/")
        check_accessible(page)
        page.get_by_role("button", name="Start now").click()
        # An answer missing: the error summary links to the question.
        _continue(page)
        assert page.title().startswith("Error: What do you want to apply for?")
        assert page.locator(".govuk-error-summary").is_visible()
        check_accessible(page)
        page.get_by_label("Volunteer Police Cadet").check()
        _continue(page)
        page.get_by_label("Day").fill("14")
        page.get_by_label("Month").fill("2")
        page.get_by_label("Year").fill("1990")
        _continue(page)
        # Too old for cadets: a clear page, and a back link to the answer that stopped them.
        assert page.get_by_role("heading", level=1).inner_text() == "You cannot apply to be a Volunteer Police Cadet"
        check_accessible(page)
        page.get_by_role("link", name="Back", exact=True).click()
        assert page.url.endswith("/apply/date-of-birth")
        page.get_by_role("link", name="Back", exact=True).click()
        assert page.url.endswith("/apply/role")
        page.get_by_label("Special Constable").check()
        _continue(page)  # the date of birth is kept: on to the eligibility questions
        check_accessible(page)
        for answer in ("Yes", "Yes", "No"):
            page.get_by_label(answer, exact=True).check()
            _continue(page)
        page.get_by_label("First name").fill("Ann")
        page.get_by_label("Last name").fill("Phone")
        _continue(page)
        page.get_by_label("What is your email address?").fill("ann.phone@example.org")
        _continue(page)
        page.get_by_role("link", name="Back", exact=True).click()  # back to the email: it is kept
        assert page.get_by_label("What is your email address?").input_value() == "ann.phone@example.org"
        _continue(page)
        page.get_by_label("What is your phone number?").fill("07700 900982")
        _continue(page)
        page.get_by_label(district, exact=True).check()
        _continue(page)
        assert "Community Special Constable" in page.title()
        page.get_by_label(parish, exact=True).check()
        _continue(page)
        page.locator("input[name=source_id]").first.check()
        _continue(page)
        check_accessible(page)  # the equality page: all optional
        _continue(page)
        assert page.title().startswith("Check your answers")
        check_accessible(page)
        _fits(page)
        page.get_by_role("link", name="Change your phone number").click()
        page.get_by_label("What is your phone number?").fill("01621 000111")
        _continue(page)
        assert page.title().startswith("Check your answers") and "01621 000111" in page.content()
        assert parish in page.content()
        page.get_by_role("button", name="Accept and send").click()
        page.wait_for_load_state("load")
        panel = page.locator(".govuk-panel").inner_text()
        assert "Application sent" in panel and re.search(r"CIP-[A-Z2-9]{4}-[A-Z2-9]{4}", panel)
        check_accessible(page)
        _fits(page)
    finally:
        context.close()
    from core.extensions import db
    from volunteers.models import Application, Programme

    with live_app.app_context():
        app = db.session.scalars(sa.select(Application).where(Application.email == "ann.phone@example.org")).one()
        assert (app.programme, app.phone) == (Programme.CSC, "01621 000111")
        db.session.remove()


def test_an_applicant_follows_and_a_guardian_confirms_on_a_phone(browser, live_server, monkeypatch):
    """The demo cadet waiting for her guardian signs in by link, sends her guardian a new link, who confirms."""
    sent: list[tuple[str, str | None]] = []
    monkeypatch.setattr("apply.messages.deliver", lambda email, subject, text, link=None: sent.append((email, link)))
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto("/apply/check-your-application")
        page.get_by_role("button", name="Send me a link").click()
        expect(page).to_have_title(re.compile("^Error: Check your application"))
        check_accessible(page)
        page.get_by_label("Email address").fill("maya.okafor@example.org")
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        page.goto(sent[-1][1])
        check_accessible(page)
        page.get_by_role("button", name="Continue to your application").click()
        expect(page.locator(".govuk-tag")).to_have_text("Waiting for your parent or guardian")
        check_accessible(page)
        _fits(page)
        page.get_by_role("link", name="Withdraw your application").click()
        page.get_by_role("button", name="Withdraw my application").click()
        expect(page).to_have_title(re.compile("^Error: Withdraw your application"))
        check_accessible(page)
        page.get_by_role("link", name="Back", exact=True).click()
        page.get_by_role("button", name="Email my parent or guardian a new link").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("a new link")
        guardian_email, link = sent[-1]
        assert guardian_email == "grace.okafor@example.org"
        page.goto(link)
        page.get_by_label("Your full name").fill("Grace Okafor")
        page.get_by_role("button", name="Confirm the application").click()
        expect(page).to_have_title(re.compile("^Error: Confirm Maya's application"))
        check_accessible(page)
        page.get_by_label("Parent", exact=True).check()
        page.get_by_label("I am their parent or guardian", exact=False).check()
        page.get_by_role("button", name="Confirm the application").click()
        expect(page.locator(".govuk-panel")).to_contain_text("Application confirmed")
        check_accessible(page)
    finally:
        context.close()
