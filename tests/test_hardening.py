"""Hardening: every form date within a sensible range, named; SMTP STARTTLS verifies the certificate."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from core.date_validation import SensibleDate
from core.form_fields import GovDateField
from core.models import Role
from tests.scheduling.helpers import post_form

FEATURE_PACKAGES = ("api", "core", "dashboard", "privacy", "scheduling", "schemes", "volunteers")


def _all_form_classes() -> set[type]:
    for package in FEATURE_PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if module.name.endswith(("forms", "common")) or ".forms" in module.name:
                importlib.import_module(module.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def test_every_date_field_checks_the_year(app):
    """Builds every form class of the app: a date field without SensibleDate fails here."""
    checked = 0
    with app.test_request_context():
        for form_class in _all_form_classes():
            form = form_class(meta={"csrf": False})
            for field in form:
                if isinstance(field, GovDateField):
                    assert any(isinstance(v, SensibleDate) for v in field.validators), (
                        f"{form_class.__module__}.{form_class.__name__}.{field.name} has no SensibleDate"
                    )
                    checked += 1
    assert checked >= 30, checked  # the walk found the app's forms (42 date fields when written)


def test_the_shift_form_refuses_year_9999(as_role, db):
    client = as_role(Role.COORDINATOR)
    form = {"title": "Patrol", "shift_type": "patrol", "start": "20:00", "end": "22:00", "places": "2"}
    response = post_form(client, "/scheduling/shifts/new", {**form, "day": "9999-06-01"})
    assert response.status_code == 200
    assert "Date must be a date between 1900 and 2999" in response.get_data(as_text=True)
    deadline = post_form(client, "/scheduling/shifts/new", {**form, "day": "2026-06-01", "deadline_day": "1850-01-01"})
    assert "Sign-up deadline date must be a date between 1900 and 2999" in deadline.get_data(as_text=True)


@pytest.mark.parametrize(
    ("raw", "ok"), [("1 1 2026", True), ("31 12 2999", True), ("1 1 9999", False), ("31 12 1899", False)]
)
def test_day_month_year_fields_check_the_year_too(app, raw, ok):
    from core.form_fields import gov_date

    class OneDate(FlaskForm):
        class Meta:
            csrf = False

        when = gov_date("Date of the check")

    with app.test_request_context():
        form = OneDate(formdata=MultiDict({"when": raw}))
        assert form.validate() is ok
        if not ok:
            assert form.when.errors == ["Date of the check must be a date between 1900 and 2999"]


# STARTTLS with a verified certificate: tests/messaging/test_outbox_smtp.py, against a real SMTP server.
