"""Every radio and checkbox group has a fieldset and a legend that asks the question (every page's groups
are checked in test_titles' walk);
the volunteer's own contact form says what each field is for (WCAG 1.3.5)."""

from __future__ import annotations

import re
from collections import Counter

from core.models import Role
from tests.fuzz.conftest import signed_in
from tests.polish.crawl import Page

ROLES = {
    "admin@example.org": Role.ADMIN,
    "coordinator@example.org": Role.COORDINATOR,
    "supervisor@example.org": Role.SUPERVISOR,
    "special@example.org": Role.VOLUNTEER,
    "parish@example.org": Role.PARISH,
    "employer@example.org": Role.EMPLOYER,
}


def groups_without_a_question(html: str) -> list[str]:
    """The radio and checkbox groups (two or more inputs of one name) on the page with no fieldset legend."""
    parsed = Page(html)
    sizes = Counter((kind, name) for kind, name, _ in parsed.inputs)
    return sorted({f"{kind} {name}" for kind, name, legend in parsed.inputs if sizes[(kind, name)] > 1 and not legend})


# Every page of every login is checked for groups without a legend by test_titles' walk (one walk for both).


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
