"""The list and the profile issue a bounded number of SQL queries whatever the data size."""

from __future__ import annotations

import pytest

from core.models import Role
from tests import factories as f
from tests.factories import CadetLeaderFactory, QueryCounter, VettingFactory


def _population(n: int, db) -> None:
    unit = f.CadetUnitFactory()
    for i in range(n):
        kind = i % 3
        if kind == 0:
            special = f.SpecialFactory()
            VettingFactory(volunteer=special.volunteer)
        elif kind == 1:
            cadet = f.CadetFactory(unit=unit)
            f.MembershipFactory(volunteer=cadet.volunteer, programme="cadet")
        else:
            CadetLeaderFactory(unit=unit)
    db.session.commit()


def _count(client, db, url: str) -> int:
    with QueryCounter(db.engine) as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("url", ["/volunteers/", "/volunteers/?q=a", "/volunteers/?programme=special&status=active"])
def test_list_queries_do_not_grow_with_the_data(as_role, db, url):
    client = as_role(Role.COORDINATOR)
    client.get("/volunteers/")  # warm up: the signed-in user is loaded once per test session
    _population(10, db)
    small = _count(client, db, url)
    _population(50, db)
    large = _count(client, db, url)
    assert large == small, f"{small} queries for 10 volunteers, {large} for 60"
    assert small <= 12, small


def test_profile_queries_are_bounded(as_role, db):
    client = as_role(Role.COORDINATOR)
    light = f.SpecialFactory()
    heavy = f.SpecialFactory()
    for _ in range(8):
        VettingFactory(volunteer=heavy.volunteer)
    db.session.commit()
    client.get("/volunteers/")  # warm up
    assert _count(client, db, f"/volunteers/{heavy.volunteer_id}") == _count(
        client, db, f"/volunteers/{light.volunteer_id}"
    )
