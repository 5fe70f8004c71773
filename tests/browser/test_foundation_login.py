"""Each demo login signs in through the real form and lands on its own home page, and axe is clean."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import url_for

from core.landing import home_endpoint
from core.models import User
from tests.browser.conftest import DEMO_LOGINS


def test_login_page_is_accessible(page, assert_accessible):
    page.goto("/auth/login")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Sign in")
    assert_accessible(page)


@pytest.mark.parametrize("email", DEMO_LOGINS.values(), ids=DEMO_LOGINS.keys())
def test_demo_login_reaches_its_home_page(page, live_app, login_as, assert_accessible, email):
    from core.extensions import db

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        role, name = user.role, user.display_name
        with live_app.test_request_context():
            expected = url_for(home_endpoint(role))
        db.session.remove()
    login_as(page, email)
    assert page.url.split("?")[0].endswith(expected), f"{email} landed on {page.url}, expected {expected}"
    assert name in page.locator("body").inner_text()
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
