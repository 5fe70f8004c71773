"""The demo data set reproduces the Commissioner's 2023 figures: the dashboard must read the same numbers back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.commentary import headline_sentences
from dashboard.periods import Period
from dashboard.services import compute_figures
from sampledata.demo.duties import summer
from sampledata.demo.seed import seed_demo

TODAY = date(2026, 11, 22)


@pytest.mark.slow
def test_the_demo_figures_match_the_seeds(db):
    seed_demo(password="not-used-here-1234", today=TODAY)
    db.session.commit()
    july, august = summer(TODAY)
    own = compute_figures(Period(july, august))["csc"]["duties_in_own_parishes"]
    assert (own["cscs"], own["parishes"], own["duties"], own["hours"]) == (11, 8, 50, 361)

    june = date(TODAY.year, 6, 1)
    figures = compute_figures(Period(june + timedelta(days=1), TODAY))
    specials = next(h for h in figures["headcount"] if h["programme"] == "special")
    assert specials["end"] == 284 and figures["specials"]["total"] == 284
    csc = figures["csc"]
    assert (csc["in_post"], csc["in_training"], csc["parishes_with_csc_in_post"]) == (11, 4, 8)
    assert (csc["parishes_signed_and_recruited"], csc["parishes_signed_unable_to_recruit"]) == (65, 36)
    esp = figures["esp"]
    assert (esp["businesses_registered"], esp["specials_benefiting"], esp["force_staff"]) == (71, 74, 34)
    assert esp["businesses_being_engaged"] == 90
    cadets = figures["cadets"]
    assert (cadets["cadets"], cadets["leaders"], cadets["units_with_members"]) == (144, 72, 9)
    assert (cadets["units_open"], len(cadets["units_reopening"])) == (9, 4)
    ac = figures["active_citizens"]
    assert (ac["total"], ac["districts"]) == (128, 10)
    schemes = {s["scheme"]: s for s in figures["watch"]["by_scheme"]}
    assert (schemes["Essex Dog Watch"]["end"], schemes["Essex Dog Watch"]["change"]) == (3108, 123)
    assert (schemes["Essex Farm and Rural Watch"]["end"], schemes["Essex Farm and Rural Watch"]["change"]) == (772, 5)
    sw = figures["speed_watch"]
    assert (sw["groups"], sw["volunteers"]) == (103, 899)
    year = compute_figures(Period(TODAY - timedelta(days=364), TODAY))
    assert year["speed_watch"]["letters"] == 11_203
    assert year["recruitment"]["forecast"]["conversion"] == pytest.approx(0.225, abs=0.01)
    text = " ".join(headline_sentences(figures))
    assert (
        "284 Special Constables" in text and "11 Community Special Constables (CSCs) in post across 8 parishes" in text
    )
