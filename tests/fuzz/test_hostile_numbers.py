"""Numbers in addresses that int() or the database would refuse ("²", 20 digits ...): never a 500, on any page."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.fuzz.conftest import signed_in

# Every number-like query argument the pages read.
ARGUMENTS = [
    "page", "district", "district_id", "command_id", "rank_id", "cadet_unit_id", "parish_id", "group", "year",
    "month", "volunteer", "volunteer_id", "user", "q", "start",
]  # fmt: skip
HOSTILE = ["²", "99999999999999999999", "2147483648", "-1", " 7"]


def _pages(app) -> list[str]:
    """Every GET page without a part in its path, except files and sign-out."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(("/static", "/auth/logout"))
    )


@pytest.mark.parametrize("email", ["admin@example.org", "coordinator@example.org"])
def test_hostile_numbers_in_addresses_never_fail(fuzz_app, email):
    client = signed_in(fuzz_app, email)
    failed = []
    for page in _pages(fuzz_app):
        for value in HOSTILE:
            url = f"{page}?{urlencode(dict.fromkeys(ARGUMENTS, value))}"
            status = client.get(url).status_code
            if status >= 500:
                failed.append((url, status))
    assert failed == []
