"""Every page every role may reach, checked by axe (no serious or critical violation), and the main
journeys done with the keyboard alone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from flask import url_for

from core.models import Role, User
from tests.browser.conftest import DEMO_LOGINS, DEMO_PASSWORD, axe_violations, describe_violations
from tests.route_ids import ID_TABLES

# Downloads, feeds and machine endpoints are not pages.
NOT_PAGES = re.compile(r"\.(csv|pdf|ics|json|zip)$|^/api/|^/static/|^/healthz|^/readyz")


def _pages_for(live_app, role: Role, user: User) -> list[str]:
    """GET pages without parameters the role may reach, plus one detail page per detail route (staff)."""
    from core.extensions import db

    urls = []
    with live_app.test_request_context():
        for rule in sorted(live_app.url_map.iter_rules(), key=lambda r: r.rule):
            view = live_app.view_functions[rule.endpoint]
            allowed = getattr(view, "cip_public", False) or role in getattr(view, "cip_roles", frozenset())
            if "GET" not in (rule.methods or ()) or not allowed or NOT_PAGES.search(rule.rule):
                continue
            if rule.endpoint in ("auth.login", "auth.set_password_from_link", "auth.two_factor"):
                continue  # only for signed-out visitors or mid-sign-in: covered by the login tests
            if rule.endpoint.startswith("apply."):
                continue  # the public application journey: axe runs on each of its pages in test_apply_online
            values = {}
            for arg in rule.arguments:
                table = ID_TABLES.get(arg)
                if table is None or role not in (Role.ADMIN, Role.COORDINATOR):
                    break
                values[arg] = db.session.scalar(sa.select(sa.func.min(sa.column("id"))).select_from(sa.table(table)))
            else:
                if all(v is not None for v in values.values()):
                    urls.append(url_for(rule.endpoint, **values))
        db.session.remove()
    return urls


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=list(DEMO_LOGINS))
def test_every_page_of_every_role_is_accessible(page, live_app, login_as, login):
    from core.extensions import db

    email = DEMO_LOGINS[login]
    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == email)).one()
        role = user.role
        urls = _pages_for(live_app, role, user)
        if login in ("admin", "supervisor"):
            # Pages staff share (the same templates, a narrower scope for a supervisor) are already
            # checked as the coordinator: check only the role's own pages and its landing page.
            shared = set(_pages_for(live_app, Role.COORDINATOR, user))
            urls = [u for u in urls if u not in shared] + ["/"]
        elif login == "csc":
            # Same role as special@: check the CSC's own landing page and profile, not every page again.
            urls = [u for u in urls if u.startswith(("/home", "/volunteers/me"))] + ["/"]
        db.session.remove()
    assert urls, f"no pages found for {login}"
    login_as(page, email)
    problems, errors = [], []
    for url in urls:
        response = page.goto(url)
        if response is None or response.status >= 400:
            if response is not None and response.status != 404:
                errors.append(f"{url}: HTTP {response.status}")
            continue
        if "html" not in (response.headers.get("content-type") or ""):
            continue
        violations = axe_violations(page)
        if violations:
            problems.append(f"{url}\n{describe_violations(violations)}")
    assert not errors, f"{login}: pages answered errors:\n" + "\n".join(errors)
    assert not problems, f"{login}: {len(problems)} of {len(urls)} pages with serious/critical axe violations:\n" + (
        "\n".join(problems)
    )


# --- keyboard only ---------------------------------------------------------------------------


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches the CSS selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")


def keyboard_sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/auth/login")
    tab_to(page, "input[name=email]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/auth/login" not in url)


def test_sign_in_with_the_keyboard_alone(page):
    keyboard_sign_in(page, "coordinator@example.org")
    assert "/auth/login" not in page.url


def _fresh_shift(live_app) -> int:
    from core.extensions import db
    from scheduling.models import DutyType, Shift

    with live_app.app_context():
        starts = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=45)
        shift = Shift(
            title="Keyboard patrol",
            shift_type=DutyType.PATROL,
            place="Braintree",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            places=3,
        )
        db.session.add(shift)
        db.session.commit()
        shift_id = shift.id
        db.session.remove()
    return shift_id


def test_sign_up_to_a_shift_with_the_keyboard_alone(page, live_app):
    shift_id = _fresh_shift(live_app)
    keyboard_sign_in(page, "special@example.org")
    page.goto("/scheduling/shifts")
    tab_to(page, f"a[href$='/scheduling/shifts/{shift_id}']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/scheduling/shifts/{shift_id}$"))
    tab_to(page, "form[action$='/signup'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    from core.extensions import db
    from scheduling.models import ShiftSignup

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        signed = db.session.scalar(
            sa.select(ShiftSignup.id).where(
                ShiftSignup.shift_id == shift_id, ShiftSignup.volunteer_id == user.volunteer_id
            )
        )
        db.session.remove()
    assert signed, "the keyboard sign-up did not record a place"


def _free_morning(live_app) -> str:
    """A past day on which the demo Special has nothing logged between 04:00 and 05:00."""
    from core.dates import local_to_utc
    from core.extensions import db
    from scheduling.models import Duty

    with live_app.app_context():
        user = db.session.scalars(sa.select(User).where(User.email == "special@example.org")).one()
        day = datetime.now(UTC).date() - timedelta(days=5)
        while db.session.scalar(
            sa.select(Duty.id).where(
                Duty.volunteer_id == user.volunteer_id,
                Duty.starts_at < local_to_utc(day, time(5)),
                Duty.ends_at > local_to_utc(day, time(4)),
            )
        ):
            day -= timedelta(days=1)
        db.session.remove()
    return day.isoformat()


def test_log_a_duty_with_the_keyboard_alone(page, live_app):
    day = datetime.fromisoformat(_free_morning(live_app))
    keyboard_sign_in(page, "special@example.org")
    page.goto("/scheduling/duties/new")
    # The GOV.UK date input: day, month and year boxes, then times typed as hours and minutes.
    for part, value in (("day", day.day), ("month", day.month), ("year", day.year)):
        tab_to(page, f"input[name=day-{part}]")
        page.keyboard.type(str(value))
    tab_to(page, "input[name=start]")
    page.keyboard.type("04:00")
    tab_to(page, "input[name=end]")
    page.keyboard.type("4:50am")
    tab_to(page, "select[name=duty_type]")
    page.keyboard.type("Patrol")  # a select picks the option whose label starts with what is typed
    tab_to(page, "input[name=place]")
    page.keyboard.type("Keyboard patrol, Chelmsford")
    tab_to(page, "form button[type=submit], form input[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".govuk-error-summary")
    assert errors.count() == 0, errors.inner_text()
    from core.extensions import db
    from scheduling.models import Duty

    with live_app.app_context():
        logged = db.session.scalar(sa.select(Duty.id).where(Duty.place == "Keyboard patrol, Chelmsford"))
        db.session.remove()
    assert logged, "the keyboard-logged duty is not in the database"


def test_a_parish_checks_its_csc_with_the_keyboard_alone(page, live_app):
    keyboard_sign_in(page, "parish@example.org")
    with live_app.test_request_context():
        portal = url_for("schemes.parish_portal") if "schemes.parish_portal" in live_app.view_functions else None
    target = portal or "/schemes/parishes/portal"
    if portal and not page.url.endswith(portal):
        tab_to(page, f"a[href$='{portal}']")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(re.escape(portal) + "$"))
    assert page.url.endswith(target)
    text = page.locator("main").inner_text()
    assert re.search(r"Special Constable|Community Special Constable|Special Sergeant|In post", text), text[:500]
