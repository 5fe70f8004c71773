"""Applying online over HTTP: each branch of the journey, the protections, and what lands in the pipeline."""

from __future__ import annotations

import re

import sqlalchemy as sa

from apply.models import GuardianConsent, OnlineSubmission
from equality.models import EqualityAnswers
from tests.apply.conftest import Walker
from volunteers.models import Application, ApplicationStage, Programme


def _apps(db) -> list[Application]:
    return list(db.session.scalars(sa.select(Application).order_by(Application.id)))


def test_an_adult_applies_and_lands_at_applied_with_source_and_equality(client, db, places, sent):
    walker = Walker(client)
    check = walker.adult(places)
    html = check.get_data(as_text=True)
    assert "Check your answers before sending your application" in html
    assert "My Other Life" in html and "Maldon" in html
    response = walker.send()
    assert response.headers["Location"].endswith("/apply/application-sent")
    page = client.get("/apply/application-sent").get_data(as_text=True)
    reference = re.search(r"CIP-[A-Z2-9]{4}-[A-Z2-9]{4}", page).group(0)
    (app,) = _apps(db)
    assert (app.programme, app.stage, app.source.name, app.email) == (
        Programme.SPECIAL,
        ApplicationStage.APPLIED,
        "My Other Life",
        "ann@example.org",
    )
    assert [c.stage for c in app.stage_changes] == [ApplicationStage.APPLIED]
    answers = db.session.scalar(sa.select(EqualityAnswers).where(EqualityAnswers.application_id == app.id))
    assert (answers.sex, answers.ethnicity, answers.disability) == ("female", "prefer_not_to_say", None)
    assert [m.email for m in sent] == ["ann@example.org"] and reference in sent[0].text
    # The answers are gone from the session: the journey starts again.
    assert client.get("/apply/check-your-answers").headers["Location"].endswith("/apply/role")


def test_too_young_for_a_special_cannot_apply(client, db, places, sent):
    walker = Walker(client)
    page = walker.adult(places, **{"date-of-birth": {"dob-day": "1", "dob-month": "1", "dob-year": "2015"}})
    html = page.get_data(as_text=True)
    assert "You cannot apply because you must be at least 18" in html
    assert 'href="/apply/date-of-birth"' in html  # back to the answer that stopped them
    assert walker.send().status_code == 302  # sent back to the questions, nothing kept
    assert _apps(db) == [] and sent == []


def test_an_unspent_conviction_stops_a_special_but_not_a_support_volunteer(client, db, places, sent):
    walker = Walker(client)
    page = walker.adult(places, convictions={"answer": "yes"})
    assert "people with an unspent conviction" in page.get_data(as_text=True)
    response = walker.post("role", {"route": "psv"})  # a change of role: the barred-list question comes next
    assert response.headers["Location"].endswith("/apply/barred-list")
    walker.adult(places, route="psv")  # answers the rest of the journey
    walker.send()
    assert [a.programme for a in _apps(db)] == [Programme.ACTIVE_CITIZEN]


def test_errors_name_the_field_and_keep_what_was_typed(client, places):
    walker = Walker(client)
    walker.post("role", {"route": "special"})
    response = walker.post("date-of-birth", {"dob-day": "31", "dob-month": "2", "dob-year": "1990"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html and "Error: What is your date of birth?" in html
    assert 'value="31"' in html
    assert "Select what you want to apply for" in walker.post("role", {}).get_data(as_text=True)


def test_a_second_application_from_the_same_email_is_linked_not_duplicated(client, db, places, sent):
    walker = Walker(client)
    walker.adult(places)
    walker.send()
    walker = Walker(client)
    walker.adult(places, email="ANN@example.org", route="psv")
    walker.send()
    (app,) = _apps(db)
    submissions = list(db.session.scalars(sa.select(OnlineSubmission).order_by(OnlineSubmission.id)))
    assert [(s.application_id, s.applied_again) for s in submissions] == [(app.id, False), (app.id, True)]
    assert "We already had an open application from you" in sent[-1].text
    assert submissions[0].reference in sent[-1].text


def test_a_filled_honeypot_looks_accepted_but_keeps_nothing(client, db, places, sent):
    walker = Walker(client)
    walker.adult(places, name={"first_name": "Ann", "last_name": "Smith", "website": "http://spam.example"})
    response = walker.send()
    assert response.headers["Location"].endswith("/apply/application-sent")
    assert "Application sent" in client.get("/apply/application-sent").get_data(as_text=True)
    assert _apps(db) == [] and sent == []


def test_sending_is_rate_limited_per_address(app, client, db, places, sent):
    app.config["APPLY_RATE_LIMIT"] = "2 per hour"
    for n in range(2):
        walker = Walker(client)
        walker.adult(places, email=f"person{n}@example.org")
        assert walker.send().status_code == 302
    walker = Walker(client)
    walker.adult(places, email="third@example.org")
    assert walker.send().status_code == 429
    assert len(_apps(db)) == 2


def test_a_cadet_needs_a_guardian_and_junior_cadets_are_recorded_as_such(client, db, places, sent):
    walker = Walker(client)
    check = walker.cadet(places, born=("1", "6", "2015"))
    assert "Pat Young, mum@example.org" in check.get_data(as_text=True)
    walker.send()
    (app,) = _apps(db)
    assert app.programme == Programme.JUNIOR_CADET
    consent = db.session.scalar(sa.select(GuardianConsent))
    assert (consent.guardian_email, consent.confirmed_at) == ("mum@example.org", None)
    assert {m.email for m in sent} == {"mum@example.org", "kid@example.org"}


def test_a_guardian_email_must_not_be_the_young_persons(client, places):
    walker = Walker(client)
    walker.post("role", {"route": "cadet"})
    walker.post("email", {"email": "kid@example.org"})
    response = walker.post("parent-or-guardian", {"guardian_name": "Pat", "guardian_email": "KID@example.org"})
    assert "own email address, not yours" in response.get_data(as_text=True)


def test_change_from_check_answers_returns_there(client, places):
    walker = Walker(client)
    walker.adult(places)
    page = client.get("/apply/phone").get_data(as_text=True)
    assert re.search(r"<a href=\"/apply/check-your-answers\" class=\"govuk-back-link\"", page), page[:0]
    response = walker.post("phone", {"phone": "01621 123456"})
    assert response.headers["Location"].endswith("/apply/check-your-answers")
    assert "01621 123456" in client.get("/apply/check-your-answers").get_data(as_text=True)


def test_the_equality_page_asks_three_optional_questions(client, places):
    walker = Walker(client)
    walker.adult(places)
    html = client.get("/apply/equality").get_data(as_text=True)
    legends = re.findall(r"<legend[^>]*>\s*(.*?)\s*</legend>", html, re.S)
    assert legends == ["What is your sex?", "What is your ethnic group?", "Do you have a disability?"]
    assert html.count("Prefer not to say") == 3
    assert walker.post("equality", {}).headers["Location"].endswith("/apply/check-your-answers")


def test_a_yes_no_question_left_unanswered_says_which(client, places):
    walker = Walker(client)
    walker.post("role", {"route": "psv"})
    walker.post("date-of-birth", {"dob-day": "3", "dob-month": "4", "dob-year": "1990"})
    response = walker.post("barred-list", {})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Select yes or no: are you on a list of people barred" in html


def test_cadets_applying_online_stay_out_of_the_special_constable_report(client, db, places, sent):
    from datetime import date, timedelta

    from volunteers.pipeline import report

    walker = Walker(client)
    walker.cadet(places)
    walker.send()
    rows = report.stage_table(date.today() - timedelta(days=30), date.today(), date.today())
    assert all(row.reached == 0 for row in rows)


def test_the_answers_in_the_cookie_are_encrypted(client):
    """What the browser holds between pages cannot be read from the cookie (it may hold equality answers)."""
    from apply.web import KEY, answers, keep

    with client.application.test_request_context():
        from flask import session

        keep({"name": "Siân ap Rhŵs", "ethnicity": "white_british"})
        assert "Rhŵs" not in str(session[KEY]) and "white_british" not in str(session[KEY])
        assert answers() == {"name": "Siân ap Rhŵs", "ethnicity": "white_british"}
        session[KEY] = "not a sealed value"
        assert answers() == {}
