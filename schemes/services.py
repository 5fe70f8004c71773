"""Headline figures for the schemes landing page."""

from __future__ import annotations

import sqlalchemy as sa

from core.extensions import db
from schemes.models import (
    CadetUnit,
    CsasOrganisation,
    CsasPerson,
    EspBusiness,
    EspStatus,
    SpeedWatchGroup,
    UnitStatus,
    WatchScheme,
)


def _count(stmt) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0)


def landing_figures() -> dict[str, int]:
    """How many of each scheme's records there are."""
    return {
        "watch_schemes": _count(sa.select(WatchScheme.id)),
        "speed_watch_groups": _count(sa.select(SpeedWatchGroup.id).where(SpeedWatchGroup.active)),
        "cadet_units_open": _count(sa.select(CadetUnit.id).where(CadetUnit.status == UnitStatus.OPEN)),
        "csas_organisations": _count(sa.select(CsasOrganisation.id)),
        "csas_persons": _count(sa.select(CsasPerson.id).where(CsasPerson.active)),
        "esp_registered": _count(sa.select(EspBusiness.id).where(EspBusiness.status == EspStatus.REGISTERED)),
    }
