"""Security and privacy pages in a real browser: accessible, and no Content-Security-Policy violations.

Read-only against the shared demo database: nothing is enrolled, erased or applied here."""

from __future__ import annotations

import pytest

ADMIN_PAGES = [
    "/privacy-admin/",
    "/privacy-admin/?q=a",
    "/privacy-admin/audit",
    "/privacy-admin/retention",
    "/admin/users",
]


def _watch_csp(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    return refused


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_privacy_pages(page, login_as, assert_accessible, path):
    refused = _watch_csp(page)
    login_as(page, "admin@example.org")
    response = page.goto(path)
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
    assert not refused, refused


def test_person_page_offers_export_and_erasure(page, login_as, assert_accessible):
    login_as(page, "admin@example.org")
    page.goto("/privacy-admin/?q=a")
    page.locator("main a[href*='/privacy-admin/volunteers/']").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name="Download everything held (ZIP)").count() == 1
    assert page.get_by_label("Type ERASE to confirm").count() == 1
    assert_accessible(page)


def test_two_factor_setup_shows_the_key_as_text(page, live_server, login_as, assert_accessible):
    refused = _watch_csp(page)
    login_as(page, "special@example.org")
    elsewhere: list[str] = []
    page.on("request", lambda req: elsewhere.append(req.url) if not req.url.startswith(live_server) else None)
    page.goto("/auth/two-factor/setup")
    key = page.locator("#totp-key").inner_text().replace(" ", "")
    assert len(key) == 32
    assert "otpauth://totp/" in page.locator("main").text_content()
    assert not elsewhere, f"the setup page asked another host: {elsewhere}"  # no external QR service
    assert_accessible(page)
    assert not refused, refused


@pytest.mark.parametrize("path", ["/auth/forgotten-password", "/auth/set-password/not-a-real-token"])
def test_signed_out_account_pages(page, assert_accessible, path):
    page.goto(path)
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
