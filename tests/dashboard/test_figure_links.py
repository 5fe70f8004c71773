"""Every figure on the dashboard links to the list behind it, and every link on the page opens for a coordinator."""

from __future__ import annotations

import re
from datetime import date

import pytest

from core.models import Role
from sampledata.demo.seed import seed_demo

TODAY = date(2026, 11, 22)
QUARTER = "from=2026-07-01&to=2026-09-30"


@pytest.mark.slow
def test_every_figure_card_links_to_a_list_that_opens(db, as_role):
    seed_demo(password="not-used-here-1234", today=TODAY)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    page = client.get(f"/dashboard/?{QUARTER}").get_data(as_text=True)
    main = page.split('<main class="govuk-main-wrapper', 1)[1].split("</main>", 1)[0]
    cards = main.split('<li class="cip-figure')[1:]
    assert len(cards) > 30
    unlinked = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card.split(">", 1)[1].split("</li>")[0])).strip() for card in cards
    ]
    unlinked = [text for card, text in zip(cards, unlinked, strict=True) if "cip-figure__link" not in card]
    assert unlinked == [], f"figures without the list behind them: {unlinked}"
    links = sorted({href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', main)})
    assert len(links) > 20
    failed = {}
    for href in links:
        response = client.get(href)
        if response.status_code != 200:
            failed[href] = response.status_code
    assert failed == {}
