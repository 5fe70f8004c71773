"""Every schemes screen (GET, with real records) against every role: who gets the page, who is refused."""

from __future__ import annotations

from datetime import date

import pytest
from flask import url_for

from core.models import Role
from core.permissions import STAFF, STAFF_AND_SUPERVISORS
from tests import factories as f
from tests.factories import (
    CsasPersonFactory,
    InterestFactory,
    SessionFactory,
    SnapshotFactory,
)


@pytest.fixture
def records(db):
    """One of everything the schemes screens show."""
    post = f.CscPostFactory()
    business = f.EspBusinessFactory()
    snapshot = SnapshotFactory(recorded_on=date(2026, 6, 1))
    interest = InterestFactory(scheme_id=snapshot.scheme.id)
    session = SessionFactory()
    unit = f.CadetUnitFactory()
    f.CadetFactory(unit=unit)
    person = CsasPersonFactory()
    _signed_copies(business.id, post.agreement_id)
    db.session.commit()
    return {
        "parish_id": post.agreement.parish_id,
        "agreement_id": post.agreement_id,
        "post_id": post.id,
        "business_id": business.id,
        "scheme_id": snapshot.scheme_id,
        "interest_id": interest.id,
        "group_id": session.group_id,
        "unit_id": unit.id,
        "organisation_id": person.organisation_id,
        "person_id": person.id,
    }


def _signed_copies(business_id: int, agreement_id: int) -> None:
    """The signed agreements on file the download routes serve."""
    from schemes.agreements.services import Signing, file_agreement

    day = date(2026, 1, 5)
    for owner in ({"esp_business_id": business_id}, {"csc_agreement_id": agreement_id}):
        file_agreement(
            b"%PDF-1.4\n%%EOF\n", "signed.pdf", Signing("A", day, "B", day, None), today=day, by=None, **owner
        )


def _schemes_get_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("schemes.") and "GET" in rule.methods:
            yield rule, app.view_functions[rule.endpoint]


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_every_schemes_screen_for_every_role(app, as_role, records, role):
    client = as_role(role)
    seen = 0
    for rule, view in _schemes_get_routes(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: records[name] for name in rule.arguments})
        allowed = role in view.cip_roles
        status = client.get(url).status_code
        if not allowed:
            assert status == 403, f"{role.value} got {status} on {url}"
        elif role in STAFF_AND_SUPERVISORS or rule.endpoint.endswith(("_portal", "_portal_pdf", "_portal_statement")):
            assert status == 200, f"{role.value} got {status} on {url}"
        else:
            # a volunteer who leads no cadet unit: the unit's pages answer as if it did not exist
            assert status == 404, f"{role.value} got {status} on {url}"
        seen += 1
    assert seen >= 45


def test_staff_only_screens_are_exactly_the_edit_screens(app):
    """Supervisors read every list and record but change nothing, and never see a cadet roll."""
    for rule, view in _schemes_get_routes(app):
        editing = rule.rule.endswith(("/new", "/edit", "/types")) or "/posts/<int:post_id>" in rule.rule
        if editing:
            assert view.cip_roles == STAFF, rule.rule
        elif "/roll" in rule.rule:
            assert Role.SUPERVISOR not in view.cip_roles, rule.rule
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("schemes.") and rule.methods & {"POST"}:
            assert app.view_functions[rule.endpoint].cip_roles == STAFF, rule.rule
