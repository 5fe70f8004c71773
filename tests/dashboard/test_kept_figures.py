"""The dashboard's kept figures: the data version they are kept under covers every table they read."""

from __future__ import annotations

import re

from core.data_versions import DASHBOARD, WATCHED
from dashboard.services import compute_figures
from tests.dashboard.test_query_count import Q3, _grow, counting_queries


def test_the_dashboard_version_covers_every_table_the_figures_read(db):
    _grow(db, 2)
    db.session.commit()
    with counting_queries(db.engine) as statements:
        compute_figures(Q3)
    tables = set(db.metadata.tables)
    read = {word for statement in statements for word in re.findall(r"[a-z_]+", statement.lower()) if word in tables}
    assert {"duties", "volunteers", "programme_memberships"} <= read
    missing = read - WATCHED[DASHBOARD] - {"data_versions"}
    assert not missing, f"the dashboard's figures read {missing}: add them to WATCHED[DASHBOARD]"


def test_a_write_to_a_table_the_figures_read_renews_the_dashboard_version(db):
    from core.data_versions import current

    before = current(DASHBOARD)
    db.session.commit()
    _grow(db, 1)
    db.session.commit()
    assert current(DASHBOARD) != before
