"""Reference data for the volunteers tests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from schemes.models import PostState
from tests import factories as f
from tests.factories import RoleTypeFactory, SkillFactory, SourceFactory


@pytest.fixture
def ref(db):
    """Commands, districts, ranks, skills, a cadet unit, a role type, a source and a vacant CSC post."""
    north = f.CommandFactory(name="North LPA")
    district = f.DistrictFactory(name="Colchester", command=north)
    other = f.DistrictFactory(name="Basildon", command=f.CommandFactory(name="South LPA"))
    sc = f.RankFactory(name="Special Constable", seniority=1)
    sergeant = f.RankFactory(name="Special Sergeant", seniority=2)
    post = f.CscPostFactory(
        state=PostState.RECRUITING,
        agreement__parish=f.ParishFactory(name="Wivenhoe", district=district),
    )
    ns = SimpleNamespace(
        north=north,
        district=district,
        other_district=other,
        rank=sc,
        sergeant=sergeant,
        skill=SkillFactory(name="Driver trained"),
        unit=f.CadetUnitFactory(name="Colchester VPC Unit", district=district),
        role_type=RoleTypeFactory(name="Cyber volunteer"),
        source=SourceFactory(name="My Other Life"),
        post=post,
        parish=post.agreement.parish,
    )
    db.session.commit()
    return ns
