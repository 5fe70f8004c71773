"""The Home Office return with its equality breakdown, a volunteer's own equality page, the returns permission and
the agreement upload form, checked by axe at 375 px (a phone) as the demo logins see them."""

from __future__ import annotations

import sqlalchemy as sa

from tests.browser.conftest import axe_violations, describe_violations


def _check(page, url: str, heading: str) -> None:
    page.goto(url)
    assert heading in page.locator("h1").inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_returns_pages_are_accessible_on_a_phone(page, live_app, login_as):
    from core.extensions import db
    from core.models import User
    from schemes.models import CscAgreement, EspBusiness

    with live_app.app_context():
        business = db.session.scalar(sa.select(sa.func.min(EspBusiness.id)))
        agreement = db.session.scalar(sa.select(sa.func.min(CscAgreement.id)))
        holder = db.session.scalar(sa.select(User.id).where(User.email == "returns@example.org"))
        db.session.remove()
    page.set_viewport_size({"width": 375, "height": 800})
    login_as(page, "returns@example.org")
    _check(page, "/returns/home-office", "Home Office return")
    assert page.get_by_role("table", name="By ethnic group").is_visible()
    _check(page, "/returns/home-office?on-day=31&on-month=2&on-year=2026", "Home Office return")  # the error
    _check(page, f"/schemes/esp/{business}/agreement/new", "File the signed memorandum")
    _check(page, f"/schemes/parishes/agreements/{agreement}/signed/new", "File the signed agreement")
    page.context.clear_cookies()
    login_as(page, "admin@example.org")
    _check(page, f"/admin/users/{holder}/returns", "Permission to compile returns")
    page.context.clear_cookies()
    login_as(page, "special@example.org")
    _check(page, "/equality/me", "Equality monitoring (optional)")
    page.get_by_label("Female").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save your answers").click()
    page.get_by_text("Your equality monitoring answers are saved").wait_for()
