"""A filtered, paged, month or period view names itself in the page title (core/titles.py)."""

from __future__ import annotations

from core.models import Role
from core.titles import page_title, view_qualifier


def test_the_view_a_query_string_chose_reads_as_words():
    assert view_qualifier({}) == "" and view_qualifier({"page": "1", "fresh": "1"}) == ""
    assert view_qualifier({"page": "2", "status": "active"}) == "status active, page 2"
    assert view_qualifier({"month": "2025-02"}) == "February 2025"
    assert view_qualifier({"from": "2026-10-01", "to": "2026-12-05"}) == "1 October 2026 to 5 December 2026"
    assert view_qualifier({"view": "week", "start": "2026-11-23"}) == "week from 23 November 2026"
    assert view_qualifier({"q": "  smith "}) == "matching “smith”"
    assert page_title("Volunteers", {"programme": "special_constable"}) == "Volunteers (programme special constable)"


def test_paged_and_month_views_have_their_own_titles(as_role):
    client = as_role(Role.COORDINATOR)
    plain = client.get("/volunteers/").get_data(as_text=True)
    paged = client.get("/volunteers/?page=2&status=active").get_data(as_text=True)
    assert "<title>Volunteers – " in plain
    assert "<title>Volunteers (status active, page 2) – " in paged
    # Markup in a title is escaped once, and a query string cannot inject any.
    hostile = client.get("/volunteers/?q=<b>x</b>").get_data(as_text=True)
    assert "<title>Volunteers (matching “&lt;b&gt;x&lt;/b&gt;”) – " in hostile
