"""Every figure on the dashboard opens a list of exactly the items it counted, for past periods, on the demo data
and on generated data: the number on the card equals the number the list states and the rows it shows."""

from __future__ import annotations

from datetime import date

import pytest

from core.models import Role
from tests.dashboard.walking import linked_figures, read_list, seeded_app, signed_in

TODAY = date(2026, 11, 22)
DEMO_PERIODS = [
    "from=2026-07-01&to=2026-09-30",
    "from=2026-04-01&to=2026-06-30",
    "from=2026-07-01&to=2026-08-31",
    "from=2025-10-01&to=2025-12-31",
]
GENERATED_PERIODS = ["from=2026-07-01&to=2026-09-30", "from=2025-01-01&to=2025-03-31"]


def _demo() -> None:
    from sampledata.demo.seed import seed_demo

    seed_demo(password="not-used-here-1234", today=TODAY)


def _generated() -> None:
    from sampledata.generate.run import generate
    from sampledata.generate.scale import Scale

    small = Scale(
        name="small", specials=60, cscs=10, cadets=40, cadet_leaders=8, cadet_units=4, active_citizens=25,
        speed_watch=30, speed_watch_groups=6, esp_businesses=12, parishes=25, watch_schemes=5, years=3,
        duties=3_000, applications=300, shifts_per_week=2,
    )  # fmt: skip
    generate(small, seed=13, today=TODAY, password="not-used-here-1234", progress=lambda n: None)


@pytest.fixture(scope="module")
def demo_app(migrated_template, tmp_path_factory):
    yield from seeded_app(migrated_template, tmp_path_factory.mktemp("demo"), _demo)


@pytest.fixture(scope="module")
def generated_app(migrated_template, tmp_path_factory):
    yield from seeded_app(migrated_template, tmp_path_factory.mktemp("generated"), _generated)


def _walk(app, periods: list[str]) -> int:
    client = signed_in(app)
    walked = 0
    wrong = []
    for period in periods:
        page = client.get(f"/dashboard/?{period}").get_data(as_text=True)
        figures = linked_figures(page)
        assert len(figures) > 40, f"{period}: only {len(figures)} linked figures"
        for label, value, href in figures:
            assert period in href, f"{label}: {href} is not for {period}"
            lead, _count, heading = read_list(client, href)
            if lead != value:
                wrong.append(f"{period} {label} {value}: {heading}")
            walked += 1
    assert wrong == []
    return walked


@pytest.mark.slow
def test_every_figure_equals_its_list_on_the_demo_data(demo_app):
    assert _walk(demo_app, DEMO_PERIODS) > 160


@pytest.mark.slow
def test_every_figure_equals_its_list_on_generated_data(generated_app):
    assert _walk(generated_app, GENERATED_PERIODS) > 80


@pytest.mark.slow
def test_a_list_refuses_what_it_does_not_know(demo_app):
    client = signed_in(demo_app)
    period = DEMO_PERIODS[0]
    for address in (
        f"/dashboard/lists/no_such_list?{period}",
        f"/dashboard/lists/members?{period}&value=no_such_programme",
        f"/dashboard/lists/specials_command?{period}&value=99999999999999999999",
        f"/dashboard/lists/specials_command?{period}&value=%C2%B2",
        f"/dashboard/alerts/no_such_alert?{period}",
    ):
        assert client.get(address).status_code == 404, address
    assert client.get("/dashboard/lists/members?from=2026-13-01&to=2026-09-30&value=special").status_code == 400
    page = client.get(f"/dashboard/lists/duties?{period}&page=abc&measure=nothing").get_data(as_text=True)
    assert "approved duties from 1 July 2026 to 30 September 2026" in page
    assert signed_in(demo_app, Role.SUPERVISOR).get(f"/dashboard/lists/duties?{period}").status_code == 403
