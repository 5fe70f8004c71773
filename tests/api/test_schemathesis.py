"""Schemathesis against /api/v1/openapi.json, in process over WSGI: every documented operation, called with
a volunteer's and with a coordinator's Bearer token, never answers 5xx, answers only documented status
codes and content types with JSON bodies that match the document, refuses schema-violating requests, and
writes nothing when it refuses.

Examples per operation and mode: CIP_FUZZ_EXAMPLES (default 5, as in tests/fuzz); e.g. CIP_FUZZ_EXAMPLES=200.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from api.auth import issue_token
from core.extensions import db
from core.models import Role
from scheduling.models import Duty, DutyType, ShiftSignup
from tests import factories as f
from tests.fuzz.hostile import FUZZ_SETTINGS, row_counts

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
ROLES = (Role.VOLUNTEER, Role.COORDINATOR)


@dataclass
class World:
    """What the generated calls act on: a token per role, the volunteer, shifts open to sign up to."""

    headers: dict[Role, dict[str, str]]
    volunteer_id: int
    shift_ids: list[int]


def written_state() -> tuple:
    """Row counts of every table a call may write, and a digest of the rows a call may change in place."""
    counts = row_counts()
    digest = hashlib.sha256()
    for model in (ShiftSignup, Duty):
        table = model.__table__
        for row in db.session.execute(sa.select(table).order_by(table.c.id)):
            digest.update(repr(tuple(row)).encode())
    db.session.remove()
    return tuple(sorted(counts.items())), digest.hexdigest()


@pytest.fixture
def world(app, make_user) -> World:
    """A volunteer and a coordinator with API tokens, and three upcoming one-place shifts."""
    volunteer = make_user(Role.VOLUNTEER)
    coordinator = make_user(Role.COORDINATOR)
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    shifts = [
        f.ShiftFactory(title=f"Patrol {day}", starts_at=start, ends_at=start + timedelta(hours=3), places=1)
        for day in range(3)
        for start in [soon + timedelta(days=day)]
    ]
    headers = {}
    for user in (volunteer, coordinator):
        _row, secret = issue_token(user, "schemathesis")
        headers[user.role] = {"Authorization": f"Bearer {secret}"}
    db.session.commit()
    made = World(headers, volunteer.volunteer_id, [s.id for s in shifts])
    db.session.remove()
    return made


@pytest.fixture
def api_schema(app, world):
    """The API's own OpenAPI document, loaded from the app over WSGI."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Unknown query parameters are ignored, as most APIs do; the token is sent by the test, not generated.
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    return schema


def plausible_duties(volunteer_id: int) -> st.SearchStrategy[dict]:
    """Bodies that can be accepted: a past day since joining, a sane span; for the volunteer, or unnamed."""
    today = datetime.now(UTC).date()
    return st.builds(
        lambda days_ago, hour, length, kind, named, notes: {
            "date": (today - timedelta(days=days_ago)).isoformat(),
            "start": f"{hour:02d}:00",
            "end": f"{hour + length:02d}:30",
            "type": kind,
            **({"volunteer_id": volunteer_id} if named else {}),
            **({"notes": notes} if notes else {}),
        },
        st.integers(2, 60),
        st.integers(0, 19),
        st.integers(0, 3),
        st.sampled_from([t.value for t in DutyType]),
        st.booleans(),
        st.text(max_size=30),
    )


def strategy_for(operation, mode: GenerationMode, world: World):
    """The operation's generated cases; in positive mode also cases on real shifts and plausible duties."""
    generated = operation.as_strategy(generation_mode=mode)
    if mode != GenerationMode.POSITIVE:
        return generated
    if "{shift_id}" in operation.path:
        on_real_shifts = st.sampled_from(world.shift_ids).flatmap(
            lambda shift_id: operation.as_strategy(generation_mode=mode, path_parameters={"shift_id": shift_id})
        )
        return st.one_of(generated, on_real_shifts)
    if operation.label == "POST /duties":
        plausible = plausible_duties(world.volunteer_id).flatmap(
            lambda body: operation.as_strategy(generation_mode=mode, body=body)
        )
        return st.one_of(generated, plausible)
    return generated


# Schemathesis's own pytest integration (schemathesis.pytest.from_fixture) reads a pytest-internal node
# attribute that pytest 9.2 no longer has, so each operation's strategy is driven by Hypothesis here.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_api_conforms_to_its_document(api_schema, world, mode):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"POST /duties", "GET /me/hours", "POST /shifts/{shift_id}/signup", "GET /figures"} <= labels, labels
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not (operation.definition.raw.get("parameters") or operation.body):
            continue  # nothing in the request can be made invalid

        @FUZZ_SETTINGS
        @given(case=strategy_for(operation, mode, world))
        def call_as_each_role(case):
            for role in ROLES:
                before = written_state()
                response = case.call(headers=world.headers[role])
                case.validate_response(response, checks=CHECKS, headers=world.headers[role])
                if response.status_code >= 400:
                    assert written_state() == before, (
                        f"{case.method} {case.formatted_path} as {role}: refused but wrote"
                    )

        call_as_each_role()
