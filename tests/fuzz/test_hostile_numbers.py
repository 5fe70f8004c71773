"""Numbers in addresses that int() or the database would refuse ("²", 20 digits ...): never a 500, on any page.

Every page is asked once with every argument set; the pages that read one of them (the request notes
which arguments the view and its template read) are then asked with each hostile value. A page that
reads none of the arguments cannot answer differently to their values, so it is not asked again.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from tests.fuzz.conftest import signed_in

# Every number-like query argument the pages read.
ARGUMENTS = [
    "page", "district", "district_id", "command_id", "rank_id", "cadet_unit_id", "parish_id", "group", "year",
    "month", "volunteer", "volunteer_id", "user", "q", "start",
]  # fmt: skip
HOSTILE = ["²", "99999999999999999999", "2147483648", "-1", " 7"]


class _Reads:
    """The argument names read since ``listening`` was set (everything, when the arguments are walked)."""

    listening = False
    names: set[str] = set()


class _NotingArgs(ImmutableMultiDict):
    """Query arguments that note which names are read once the view runs."""

    def _note(self, key) -> None:
        if _Reads.listening:
            _Reads.names.add(key)

    def _note_all(self) -> None:
        if _Reads.listening:
            _Reads.names.update(ARGUMENTS)

    def get(self, key, *args, **kwargs):
        self._note(key)
        return super().get(key, *args, **kwargs)

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, *args, **kwargs):
        self._note(key)
        return super().getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def __iter__(self):
        self._note_all()
        return super().__iter__()

    def items(self, *args, **kwargs):
        self._note_all()
        return super().items(*args, **kwargs)

    def lists(self):
        self._note_all()
        return super().lists()

    def values(self):
        self._note_all()
        return super().values()

    def to_dict(self, *args, **kwargs):
        self._note_all()
        return super().to_dict(*args, **kwargs)


class _NotingRequest(Request):
    parameter_storage_class = _NotingArgs


def _pages(app) -> list[str]:
    """Every GET page without a part in its path, except files, sign-out and /readyz (which answers 503 by design
    while no worker runs, as here; it reads no argument)."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and not rule.arguments
        and not rule.rule.startswith(("/static", "/auth/logout", "/readyz"))
    )


@pytest.fixture
def noting_app(fuzz_app):
    """The fuzz app with requests that note the arguments read after the app's own checks have run."""

    def listen():
        _Reads.listening = True

    saved_class, saved_hooks = fuzz_app.request_class, list(fuzz_app.before_request_funcs.setdefault(None, []))
    fuzz_app.request_class = _NotingRequest
    fuzz_app.before_request_funcs[None].append(listen)  # last: the NUL check walks every argument first
    yield fuzz_app
    fuzz_app.request_class = saved_class
    fuzz_app.before_request_funcs[None] = saved_hooks
    _Reads.listening = False


def _get(client, page: str, value: str) -> tuple[int, set[str]]:
    """The status of the page with every argument set to ``value``, and the arguments it read."""
    _Reads.listening, _Reads.names = False, set()
    status = client.get(f"{page}?{urlencode(dict.fromkeys(ARGUMENTS, value))}").status_code
    _Reads.listening = False
    return status, _Reads.names & set(ARGUMENTS)


@pytest.mark.parametrize("email", ["admin@example.org", "coordinator@example.org"])
def test_hostile_numbers_in_addresses_never_fail(noting_app, email):
    client = signed_in(noting_app, email)
    failed, reading = [], 0
    for page in _pages(noting_app):
        status, read = _get(client, page, HOSTILE[0])
        if status >= 500:
            failed.append((page, HOSTILE[0], status))
        if not read:
            continue
        reading += 1
        for value in HOSTILE[1:]:
            status, _read = _get(client, page, value)
            if status >= 500:
                failed.append((page, value, status))
    assert failed == []
    assert reading >= 5, "the pages should be seen reading their arguments"


def test_the_arguments_a_page_reads_are_noted(noting_app):
    """The noting itself: the volunteer list reads its page and filters, the accessibility page nothing."""
    client = signed_in(noting_app, "coordinator@example.org")
    assert {"page", "district_id"} <= _get(client, "/volunteers/", "1")[1]
    assert _get(client, "/accessibility", "1")[1] == set()
