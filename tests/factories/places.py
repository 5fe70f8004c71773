"""Places: commands (LPAs), districts and parish or town councils."""

from __future__ import annotations

import factory

from core.models import Command, District, Parish
from tests.factories.base import Base


class CommandFactory(Base):
    class Meta:
        model = Command

    name = factory.Sequence(lambda n: f"Area {n} LPA")
    is_lpa = True


class DistrictFactory(Base):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    command = factory.SubFactory(CommandFactory)


class ParishFactory(Base):
    class Meta:
        model = Parish

    name = factory.Sequence(lambda n: f"Parish {n}")
    district = factory.SubFactory(DistrictFactory)
