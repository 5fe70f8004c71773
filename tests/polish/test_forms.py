"""Every radio and checkbox group on every page has a fieldset and a legend that asks the question;
the volunteer's own contact form says what each field is for (WCAG 1.3.5)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from core.models import Role
from tests.fuzz.conftest import signed_in
from tests.polish.crawl import Page, page_urls, pages

ROLES = {
    "admin@example.org": Role.ADMIN,
    "coordinator@example.org": Role.COORDINATOR,
    "supervisor@example.org": Role.SUPERVISOR,
    "special@example.org": Role.VOLUNTEER,
    "parish@example.org": Role.PARISH,
    "employer@example.org": Role.EMPLOYER,
}


def _groups_without_a_question(html: str) -> list[str]:
    parsed = Page(html)
    sizes = Counter((kind, name) for kind, name, _ in parsed.inputs)
    return sorted({f"{kind} {name}" for kind, name, legend in parsed.inputs if sizes[(kind, name)] > 1 and not legend})


@pytest.mark.parametrize("email", ROLES)
def test_every_radio_and_checkbox_group_has_a_legend(fuzz_app, email):
    client = signed_in(fuzz_app, email)
    missing = {}
    for url, html in pages(client, page_urls(fuzz_app, ROLES[email]) + ["/scheduling/duties/new"]):
        if problems := _groups_without_a_question(html):
            missing[url] = problems
    assert not missing, f"groups with no fieldset legend: {missing}"


def test_a_styled_legend_keeps_its_question(fuzz_app):
    """The duty form styles the ESP legend: the question must still be there (it once went missing)."""
    html = signed_in(fuzz_app, "special@example.org").get("/scheduling/duties/new").get_data(as_text=True)
    legends = [legend for kind, name, legend in Page(html).inputs if name == "is_esp"]
    assert legends and all("Employer Supported Policing" in (legend or "") for legend in legends)


def test_the_contact_form_says_what_each_field_is_for(fuzz_app):
    html = signed_in(fuzz_app, "special@example.org").get("/volunteers/me/contact").get_data(as_text=True)
    for name, purpose, kind in (
        ("email", "email", "email"),
        ("phone", "tel", "tel"),
        ("address", "street-address", "text"),
        ("postcode", "postal-code", "text"),
    ):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert f'autocomplete="{purpose}"' in tag and f'type="{kind}"' in tag, tag
