"""Kit: uniform lines in the store and serial-numbered items (``from tests.factories import kit as k``)."""

from __future__ import annotations

from datetime import date

import factory

from kit.models import KitCategory, SerialItem, StockLine
from tests.factories.base import Base


class StockLineFactory(Base):
    class Meta:
        model = StockLine

    category = KitCategory.UNIFORM
    item_type = "Wicking shirt"
    size = factory.Sequence(lambda n: f"M{n}")
    in_store = 10
    low_at = 2


class RadioFactory(Base):
    class Meta:
        model = SerialItem

    category = KitCategory.RADIO
    serial_number = factory.Sequence(lambda n: f"R{40000 + n}")


class ArmourFactory(Base):
    class Meta:
        model = SerialItem

    category = KitCategory.BODY_ARMOUR
    serial_number = factory.Sequence(lambda n: f"BA{7000 + n}")
    size = "M"
    expires_on = date(2030, 1, 1)
