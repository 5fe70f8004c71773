"""The recruitment forecast has one owner (volunteers.pipeline.forecast): the pipeline page, the dashboard's
figures and the scheduled pipeline PDF give the same projection for the same day and target, and it equals
the coordinators' arithmetic worked by hand from the generated records."""

from __future__ import annotations

import math
import random
from datetime import timedelta

import pytest

from core.dates import today
from core.models import Role
from dashboard.periods import Period
from dashboard.queries.recruitment import forecast as dashboard_forecast
from scheduling.reports.pdfs import pipeline_pdf
from scheduling.reports.pipeline import pipeline_figures
from tests import factories as f
from tests.factories import ApplicationFactory
from tests.schemes.helpers import pdf_text
from volunteers.models import ApplicationOutcome, Programme, ProgrammeMembership
from volunteers.pipeline.forecast import joiners_and_applications, recruitment_forecast


def test_the_seeds_arithmetic():
    result = joiners_and_applications(600, 0.30, 0.225)
    assert (result.joiners_needed, result.applications_needed) == (180, 800)


@pytest.mark.parametrize(("target", "turnover", "conversion"), [(-1, 0.3, 0.2), (600, -0.1, 0.2), (600, 0.3, 0)])
def test_nonsense_is_refused(target, turnover, conversion):
    with pytest.raises(ValueError):
        joiners_and_applications(target, turnover, conversion)


def _generate(db, rng: random.Random, end):
    """Specials joining and leaving around the window, and applications in the cohort year and the window."""
    start = end - timedelta(days=364)
    hand = {"h_start": 0, "h_end": 0, "left": 0, "applications": 0, "cohort": 0, "cohort_joined": 0}
    for _ in range(rng.randint(20, 45)):
        joined = end - timedelta(days=rng.randint(0, 1500))
        left = joined + timedelta(days=rng.randint(1, 900)) if rng.random() < 0.4 else None
        volunteer = f.VolunteerFactory(joined_on=joined, email=None)
        db.session.add(
            ProgrammeMembership(volunteer=volunteer, programme=Programme.SPECIAL, started_on=joined, ended_on=left)
        )
        before = start - timedelta(days=1)
        hand["h_start"] += joined <= before and (left is None or left > before)
        hand["h_end"] += joined <= end and (left is None or left > end)
        hand["left"] += left is not None and start <= left <= end
    for _ in range(rng.randint(30, 60)):
        applied = end - timedelta(days=rng.randint(0, 729))
        programme = rng.choice([Programme.SPECIAL, Programme.CSC, Programme.ACTIVE_CITIZEN])
        outcome = rng.choice(list(ApplicationOutcome))
        closed = None if outcome == ApplicationOutcome.OPEN else min(applied + timedelta(days=rng.randint(1, 300)), end)
        ApplicationFactory(applied_on=applied, programme=programme, outcome=outcome, closed_on=closed)
        if programme == Programme.ACTIVE_CITIZEN:
            continue
        in_window = applied >= start
        hand["applications"] += in_window
        hand["cohort"] += not in_window
        hand["cohort_joined"] += not in_window and outcome == ApplicationOutcome.JOINED
    db.session.commit()
    return hand


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_page_dashboard_and_scheduled_pdf_agree(db, as_role, seed):
    rng = random.Random(seed)
    end = today()
    hand = _generate(db, rng, end)
    found = recruitment_forecast(end, 600)
    # The owner against the arithmetic worked by hand from the records.
    assert (found.headcount_start, found.headcount_end, found.left) == (hand["h_start"], hand["h_end"], hand["left"])
    assert (found.applications, found.cohort_applications, found.cohort_joined) == (
        hand["applications"],
        hand["cohort"],
        hand["cohort_joined"],
    )
    conversion = hand["cohort_joined"] / hand["cohort"] if hand["cohort"] else None
    expected = None
    if conversion is not None:
        expected = max(hand["h_end"] + round(hand["applications"] * conversion) - hand["left"], 0)
    assert found.projected_headcount == expected
    if found.forecast is not None:
        average = (hand["h_start"] + hand["h_end"]) / 2
        turnover = hand["left"] / average / (365 / 365.25)
        assert found.forecast.joiners_needed == math.ceil(round(600 * turnover, 6))

    # The dashboard's figures for a period ending that day.
    dash = dashboard_forecast(Period(end - timedelta(days=30), end))
    assert dash["projected_specials_in_12_months"] == found.projected_headcount
    assert dash["specials_left_last_12_months"] == found.left
    assert dash["applications_needed_for_target"] == (found.forecast.applications_needed if found.forecast else None)

    # The scheduled pipeline report (the PDF the scheduler writes).
    text = " ".join(pdf_text(pipeline_pdf(pipeline_figures(end - timedelta(days=30), end, 600))).split())
    shown = "Not measurable" if expected is None else f"{expected}"
    assert f"Forecast in 12 months at the same rates {shown}" in text
    if found.forecast:
        assert f"Applications needed a year to hold the target {found.forecast.applications_needed}" in text

    # The pipeline page.
    page = as_role(Role.COORDINATOR).get("/volunteers/applications/report?target=600&window=365")
    html = " ".join(page.get_data(as_text=True).split())
    if found.forecast:
        assert f"would have about {found.projected_headcount:,} Specials in 12 months" in html
        assert f"takes about {found.forecast.applications_needed:,} applications a year" in html
    else:
        assert "cannot be measured" in html
