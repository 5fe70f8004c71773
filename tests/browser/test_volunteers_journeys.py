"""Browser journeys: a coordinator creates a Special and takes an applicant through the pipeline to attested."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

COORDINATOR = "coordinator@example.org"


def _fill_date(page, legend: str, value: date) -> None:
    """Type a date in the GOV.UK date input whose legend is ``legend`` (day, month and year boxes)."""
    boxes = page.get_by_role("group", name=legend, exact=True)
    for box, part in (("Day", value.day), ("Month", value.month), ("Year", value.year)):
        boxes.get_by_label(box, exact=True).fill(str(part))


def test_coordinator_creates_a_special(page, login_as, assert_accessible):
    login_as(page, COORDINATOR)
    page.goto("/volunteers/")
    assert page.get_by_role("heading", name="Volunteers", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a volunteer").click()
    page.get_by_role("link", name="Special Constable", exact=True).click()
    page.get_by_label("First name").fill("Browser")
    page.get_by_label("Last name").fill("Special")
    page.get_by_label("Email address").fill("browser.special@example.org")
    _fill_date(page, "Date of birth", date(1991, 6, 15))
    page.get_by_label("District").select_option(label="Colchester")
    _fill_date(page, "Date joined", date.today() - timedelta(days=30))
    page.get_by_label("Rank").select_option(label="Special Constable")
    page.get_by_label("Command or area").select_option(label="North LPA")
    page.get_by_label("Driver trained").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/volunteers/\d+$"))
    assert page.get_by_role("heading", name=re.compile("Browser Special")).is_visible()
    assert page.get_by_text("Driver trained").first.is_visible()
    assert_accessible(page)
    # the new Special is in the list, found by search
    page.goto("/volunteers/?q=browser.special")
    assert page.get_by_role("link", name="Special, Browser").is_visible()


def test_applicant_moves_through_the_pipeline_to_attested(page, login_as, assert_accessible):
    login_as(page, COORDINATOR)
    page.goto("/volunteers/applications")
    assert_accessible(page)
    page.get_by_role("link", name="Record an application").click()
    page.get_by_label("First name").fill("Pipeline")
    page.get_by_label("Last name").fill("Walker")
    page.get_by_label("Email address").fill("pipeline.walker@example.org")
    _fill_date(page, "Date of birth", date(1993, 2, 3))
    page.get_by_label("District").select_option(label="Chelmsford")
    page.get_by_label("Source or campaign").select_option(label="Speak to a Special")
    start = date.today() - timedelta(days=120)
    _fill_date(page, "Date applied", start)
    page.get_by_role("button", name="Save application").click()
    page.wait_for_url(re.compile(r"/volunteers/applications/\d+$"))
    assert_accessible(page)
    day = start
    for stage in ("Sift", "Assessment", "Vetting", "Medical", "Foundation training"):
        day += timedelta(days=15)
        page.get_by_label("Move to stage").select_option(label=stage)
        _fill_date(page, "Date entered", day)
        page.get_by_role("button", name="Move", exact=True).click()
        page.wait_for_load_state("load")
        assert page.get_by_text(f"moved to {stage.lower()}").is_visible()
    today = date.today()
    for part, value in (("day", today.day), ("month", today.month), ("year", today.year)):
        page.locator(f"#attest-on-{part}").fill(str(value))
    page.get_by_role("button", name="Attest").click()
    page.wait_for_url(re.compile(r"/volunteers/\d+$"))
    assert page.get_by_role("heading", name=re.compile("Pipeline Walker")).is_visible()
    assert page.get_by_text("Special Constable", exact=True).first.is_visible()
    page.goto("/volunteers/applications/report")
    assert page.get_by_role("heading", name="Recruitment: conversion and forecast").is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("email", ["special@example.org"])
def test_volunteer_sees_their_own_profile(page, login_as, assert_accessible, email):
    login_as(page, email)
    page.goto("/volunteers/me")
    assert page.get_by_role("heading", name="My profile").is_visible()
    assert_accessible(page)
