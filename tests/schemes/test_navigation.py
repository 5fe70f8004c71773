"""The schemes landing page and who sees which navigation entries."""

from __future__ import annotations

from core.models import Role


def test_landing_page_and_staff_navigation(as_role):
    client = as_role(Role.COORDINATOR)
    page = client.get("/schemes/").get_data(as_text=True)
    assert "watch schemes" in page and "open cadet units" in page
    home = client.get("/dashboard/").get_data(as_text=True)
    for href in ("/schemes/parishes", "/schemes/esp", "/schemes/"):
        assert f'href="{href}"' in home


def test_employer_navigation_shows_only_its_portal(as_role):
    client = as_role(Role.EMPLOYER)
    page = client.get("/schemes/esp/portal").get_data(as_text=True)
    assert 'href="/schemes/esp/portal"' in page
    assert 'href="/schemes/parishes"' not in page and 'href="/schemes/esp"' not in page


def test_volunteers_reach_no_schemes_list(as_role):
    client = as_role(Role.VOLUNTEER)
    for url in (
        "/schemes/",
        "/schemes/parishes",
        "/schemes/esp",
        "/schemes/watch",
        "/schemes/speedwatch",
        "/schemes/cadet-units",
        "/schemes/csas",
        "/schemes/parishes/portal",
        "/schemes/esp/portal",
    ):
        assert client.get(url).status_code == 403, url


def test_one_navigation_entry_is_current(as_role):
    client = as_role(Role.COORDINATOR)
    page = client.get("/schemes/parishes").get_data(as_text=True)
    assert page.count("govuk-service-navigation__item--active") == 1
