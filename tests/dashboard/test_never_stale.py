"""The dashboard is never stale: a duty approved is counted on the next view of the figures and of their list,
and the page says when the figures it shows were calculated."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.dates import LONDON, add_months, month_start, today
from core.extensions import db
from scheduling.models import Duty, DutyStatus
from tests.dashboard.test_every_figure_list import _demo
from tests.dashboard.walking import linked_figures, read_list, seeded_app, signed_in
from tests.scheduling.helpers import post_form


def _period() -> tuple:
    """The two whole months before this one (the demo data is dated from today)."""
    this_month = month_start(today())
    return add_months(this_month, -2), this_month - timedelta(days=1)


def _query() -> str:
    first, last = _period()
    return f"from={first.isoformat()}&to={last.isoformat()}"


@pytest.fixture(scope="module")
def demo_app(migrated_template, tmp_path_factory):
    yield from seeded_app(migrated_template, tmp_path_factory.mktemp("stale"), _demo)


def _approved(client) -> tuple[int, str, str]:
    """The approved duties the page counts, the link to their list, and when the page says it calculated them."""
    page = client.get(f"/dashboard/?{_query()}").get_data(as_text=True)
    value, href = next((value, href) for label, value, href in linked_figures(page) if label == "Approved duties")
    calculated = re.search(r"Calculated at ([^.]+)\.", page)
    assert calculated, "the page says when its figures were calculated"
    return value, href, calculated.group(1)


@pytest.mark.slow
def test_a_duty_approved_is_counted_on_the_next_view(demo_app):
    client = signed_in(demo_app)
    before, href, _when = _approved(client)
    assert _approved(client)[0] == before  # a second view reads what was kept
    with demo_app.app_context():
        pending = db.session.scalar(
            sa.select(Duty.id)
            .where(Duty.status == DutyStatus.PENDING, Duty.duty_date.between(*_period()))
            .order_by(Duty.id)
        )
        db.session.remove()
    assert pending is not None, "the demo data has a pending duty in the period"
    approved = post_form(client, f"/scheduling/duties/{pending}/approve", {}, get_url=f"/scheduling/duties/{pending}")
    assert approved.status_code == 302
    after, href_after, when = _approved(client)
    assert after == before + 1
    assert read_list(client, href_after)[0] == before + 1
    calculated = datetime.strptime(when, "%H:%M on %d %B %Y").replace(tzinfo=LONDON)
    assert abs(datetime.now(UTC) - calculated) < timedelta(minutes=2)  # calculated for this view, after the change
