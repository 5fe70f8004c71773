"""The seeds' CSC figures, built by hand: 11 CSCs in 8 parishes did 50 duties and 361 hours in July-August."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashboard.commentary import headline_sentences
from dashboard.periods import Period
from dashboard.services import compute_figures
from scheduling.models import DutyStatus
from schemes.models import PostState
from tests import factories as f
from tests.factories import dated as d

JULY_AUGUST = Period(date(2026, 7, 1), date(2026, 8, 31))


@pytest.fixture
def cscs(db):
    """11 CSCs in post across 8 parishes (three parishes fund two posts), 4 more in training."""
    parishes = [f.ParishFactory() for _ in range(8)]
    posts = []
    for index, parish in enumerate(parishes):
        agreement = f.CscAgreementFactory(parish=parish, posts_funded=2 if index < 3 else 1)
        for number in range(1, agreement.posts_funded + 1):
            posts.append(f.CscPostFactory(agreement=agreement, post_number=number))
    in_post = [d.csc(post, joined=date(2021, 1, 4), csc_since=date(2022, 6, 1)) for post in posts]
    trainees = []
    for parish in parishes[:4]:
        post = f.CscPostFactory(
            agreement=f.CscAgreementFactory(parish=parish), post_number=9, state=PostState.IN_TRAINING
        )
        trainees.append(d.csc(post, joined=date(2026, 3, 1), csc_since=date(2026, 3, 1), trained=False))
    db.session.flush()
    return parishes, in_post, trainees


def _own_parish(sc):
    return sc.csc_post.agreement.parish


def build_fifty_duties(in_post) -> None:
    """50 approved duties, 361 hours: six CSCs do 5 duties and five do 4; 11 of 8 hours, 39 of 7 hours."""
    counts = [5] * 6 + [4] * 5
    n = 0
    for sc, count in zip(in_post, counts, strict=True):
        for i in range(count):
            day = date(2026, 7, 1) + timedelta(days=(n * 5 + i) % 62)
            d.duty(sc.volunteer, day, minutes=480 if n < 11 else 420, parish=_own_parish(sc))
            n += 1
    assert n == 50


def test_the_july_august_csc_figure(db, cscs):
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    figures = compute_figures(JULY_AUGUST)
    own = figures["csc"]["duties_in_own_parishes"]
    assert (own["cscs"], own["parishes"], own["duties"], own["hours"]) == (11, 8, 50, 361)
    assert own["minutes"] == 361 * 60
    assert figures["csc"]["in_post"] == 11
    assert figures["csc"]["in_training"] == 4
    assert figures["csc"]["parishes_with_csc_in_post"] == 8
    assert figures["specials"]["total"] == 15
    sentences = " ".join(headline_sentences(figures))
    assert "11 CSCs contributed 50 duties and 361 community policing hours in their own parishes" in sentences
    assert "11 Community Special Constables (CSCs) in post across 8 parishes" in sentences
    assert "a further 4 completing post-foundation training" in sentences


def test_duties_that_do_not_count_towards_the_csc_figure(db, cscs):
    parishes, in_post, trainees = cscs
    build_fifty_duties(in_post)
    first = in_post[0]
    other_parish = next(p for p in parishes if p.id != _own_parish(first).id)
    d.duty(first.volunteer, date(2026, 7, 9), parish=other_parish)  # not their own parish
    d.duty(first.volunteer, date(2026, 7, 10), parish=_own_parish(first), status=DutyStatus.PENDING)
    d.duty(first.volunteer, date(2026, 7, 11), parish=_own_parish(first), status=DutyStatus.REJECTED)
    d.duty(first.volunteer, date(2026, 6, 30), parish=_own_parish(first))  # before the period
    d.duty(first.volunteer, date(2026, 9, 1), parish=_own_parish(first))  # after it
    d.duty(first.volunteer, date(2026, 7, 12))  # no parish at all
    regular = d.special()
    d.duty(regular.volunteer, date(2026, 7, 13), parish=_own_parish(first))  # not a CSC
    newcomer_post = f.CscPostFactory(agreement=f.CscAgreementFactory(parish=parishes[0]), post_number=7)
    newcomer = d.csc(newcomer_post, joined=date(2025, 1, 1), csc_since=date(2026, 8, 20))
    d.duty(newcomer.volunteer, date(2026, 8, 10), parish=parishes[0])  # before they became a CSC
    own = compute_figures(JULY_AUGUST)["csc"]["duties_in_own_parishes"]
    assert (own["cscs"], own["parishes"], own["duties"], own["hours"]) == (11, 8, 50, 361)
