"""The Home Office return: headcount on a day, joiners and leavers by age band and reason, the same for a past date
after later changes, and as CSV and PDF (read back)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from core.extensions import db
from core.models import Role
from equality.services import save_answers
from returns.counts import age_band
from returns.report import csv_rows, home_office_return, latest_return_day, latest_year_end
from tests.factories import dated
from tests.factories.accounts import sign_in_session
from volunteers import lifecycle
from volunteers.leaving_reasons import LeavingReason as R
from volunteers.models import Programme


def _special(joined: date, born: date, left: date | None = None, reason: R = R.MOVED_AWAY, detail: str | None = None):
    sc = dated.special(joined=joined)
    sc.volunteer.date_of_birth = born
    db.session.flush()
    if left is not None:
        lifecycle.leave(sc.volunteer, on=left, reason=reason, today=date(2026, 12, 1), detail=detail)
    return sc.volunteer


@pytest.fixture
def world(db):
    """Specials joining and leaving around the year to 31 March 2025, with PSVs, cadets and leaders."""
    young = _special(date(2024, 6, 1), date(2002, 1, 1))  # joiner, 22: under 26
    _special(date(2024, 9, 1), date(1980, 5, 5), left=date(2025, 2, 1), reason=R.JOINED_REGULARS)
    _special(
        date(2020, 1, 1), date(1960, 1, 1), left=date(2024, 7, 1), reason=R.RETIRED, detail="Regulars pension"
    )  # 64
    _special(date(2019, 1, 1), date(1990, 1, 1))  # in service throughout
    _special(date(2025, 5, 1), date(1995, 1, 1))  # joins after the year
    unit = dated.cadet_unit(date(2018, 1, 1))
    dated.cadet(unit, date(2023, 1, 1))
    dated.cadet(unit, date(2023, 1, 1), born=date(2013, 1, 1), junior=True)
    dated.cadet_leader(unit, date(2022, 1, 1))
    dated.person_in(Programme.ACTIVE_CITIZEN, date(2021, 1, 1))
    db.session.commit()
    return young


def test_headcount_joiners_and_leavers_by_band_and_reason(world):
    result = home_office_return(date(2025, 3, 31), 2025, with_equality=False)
    assert dict(result.headcount) == {
        "Special Constables": 2,  # the June joiner and the long-serving one; both leavers have gone
        "Police Support Volunteers": 1,
        "Volunteer Police Cadets (13 to 18)": 1,
        "Junior cadets (10 to 13)": 1,
        "Cadet leaders": 1,
    }
    assert result.joiners.total == 2 and result.leavers.total == 2
    assert dict(result.specials.by_age) == {
        "Under 26": 1,
        "26 to 40": 1,
        "41 to 55": 0,
        "56 and over": 0,
        "Not known": 0,
    }
    assert dict(result.joiners.by_age) == {
        "Under 26": 1,
        "26 to 40": 0,
        "41 to 55": 1,
        "56 and over": 0,
        "Not known": 0,
    }
    assert dict(result.leavers.by_age)["56 and over"] == 1 and dict(result.leavers.by_age)["41 to 55"] == 1
    assert result.leavers.to_regular_force == 1
    # every reason in the list's order, the regular force first; the words beside a reason are not read
    by_reason = dict(result.leavers.by_reason)
    assert list(by_reason)[:2] == ["Left to join the regular force", "Moved away"] and "Other" in by_reason
    assert {k: n for k, n in by_reason.items() if n} == {"Left to join the regular force": 1, "Retired": 1}
    assert result.joiners.by_sex is None and result.leavers.by_ethnicity is None  # no equality data asked for


def test_a_past_return_does_not_move_after_later_changes(world):
    before = csv_rows(home_office_return(date(2025, 3, 31), 2025, with_equality=False))
    lifecycle.leave(world, on=date(2025, 6, 1), reason=R.WORK, today=date(2026, 12, 1))
    _special(date(2025, 4, 2), date(1970, 1, 1), left=date(2026, 1, 1), reason=R.JOINED_REGULARS)
    world.first_name = "Renamed"
    db.session.commit()
    assert csv_rows(home_office_return(date(2025, 3, 31), 2025, with_equality=False)) == before
    later = home_office_return(date(2026, 3, 31), 2026, with_equality=False)
    assert later.leavers.total == 2 and later.leavers.to_regular_force == 1


def test_rules():
    assert age_band(date(2000, 4, 1), date(2026, 3, 31)) == "Under 26"
    assert age_band(date(2000, 3, 31), date(2026, 3, 31)) == "26 to 40"
    assert age_band(None, date(2026, 3, 31)) == "Not known"
    assert latest_return_day(date(2026, 3, 30)) == date(2025, 9, 30)
    assert latest_return_day(date(2026, 3, 31)) == date(2026, 3, 31)
    assert latest_return_day(date(2026, 12, 5)) == date(2026, 9, 30)
    assert latest_year_end(date(2026, 3, 30)) == 2025 and latest_year_end(date(2026, 4, 1)) == 2026


def test_page_csv_and_pdf_for_a_coordinator_without_equality_data(world, client, make_user):
    save_answers(volunteer_id=world.id, sex="female", ethnicity="indian")
    db.session.commit()
    sign_in_session(client, make_user(Role.COORDINATOR))
    query = "?on-day=31&on-month=3&on-year=2025&year=2025"
    page = client.get("/returns/home-office" + query)
    assert page.status_code == 200 and "Left to join the regular force" in page.text
    assert "By ethnic group" not in page.text and "Female" not in page.text
    csv = client.get("/returns/home-office.csv" + query).text
    assert "Special Constable joiners by age band,Under 26,1" in csv and "by sex" not in csv
    assert "Special Constable leavers by reason for leaving,Left to join the regular force,1" in csv
    body = client.get("/returns/home-office.pdf" + query)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body.data)).pages)
    assert "Headcount on 31 March 2025" in text and "Cadet leaders" in text and "Female" not in text
    assert "Reason for leaving" in text and "Dismissed or required to resign" in text


def test_a_bad_date_or_year_is_a_clear_error(world, client, make_user):
    sign_in_session(client, make_user(Role.COORDINATOR))
    page = client.get("/returns/home-office?on-day=31&on-month=2&on-year=2025")
    assert page.status_code == 400 and "The headcount date must be a real date" in page.text
    page = client.get("/returns/home-office?year=20x5")
    assert page.status_code == 400 and "The year ending 31 March must be a year" in page.text
