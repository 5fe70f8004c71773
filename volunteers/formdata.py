"""Between forms and services: fill select choices, read typed values out, put records back in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm

from volunteers import services
from volunteers.models import DofeLevel, LearningStage, Volunteer
from volunteers.people import CADET_FIELDS, CITIZEN_FIELDS, LEADER_FIELDS, PERSON_FIELDS, SPECIAL_FIELDS

SELECTS = {
    "district_id": ("districts", "Choose the district"),
    "rank_id": ("ranks", "Choose the rank"),
    "command_id": ("commands", "Choose the command or area"),
    "esp_business_id": ("businesses", "None"),
    "csc_post_id": ("csc_posts", "Choose the parish post"),
    "cadet_unit_id": ("units", "Choose the cadet unit"),
    "role_type_id": ("role_types", "Choose the volunteer role"),
}


def fill_choices(form: FlaskForm, csc_post_id: int | None = None) -> None:
    """Give every select on the form its choices from the database."""
    names = [name for name in SELECTS if name in form._fields] + (["skill_ids"] if "skill_ids" in form._fields else [])
    if not names:
        return
    lookups = services.choices()
    if csc_post_id:
        lookups["csc_posts"] = services.csc_post_choices(csc_post_id)
    for name in names:
        if name == "skill_ids":
            form.skill_ids.choices = lookups["skills"]
            continue
        key, blank = SELECTS[name]
        form[name].choices = [("", blank)] + [(str(i), label) for i, label in lookups[key]]


def _value(form: FlaskForm, name: str) -> Any:
    data = form[name].data
    if name.endswith("_id"):
        return int(data) if data else None
    if isinstance(data, str):
        return data.strip() or None
    return data


def person_data(form: FlaskForm) -> dict[str, Any]:
    """The shared facts from a form (and joined_on when the form has it)."""
    out = {name: _value(form, name) for name in PERSON_FIELDS if name in form._fields}
    if "joined_on" in form._fields:
        out["joined_on"] = form.joined_on.data
    return out


def role_data(form: FlaskForm, kind: str) -> dict[str, Any]:
    """The role's detail from a form, as model values."""
    if kind in ("special", "csc"):
        out = {name: _value(form, name) for name in SPECIAL_FIELDS if name in form._fields}
        out["stage"] = LearningStage(form.stage.data)
        hours = form.commitment_hours.data
        out["monthly_commitment_minutes"] = int(hours * 60) if hours else None
        out["skill_ids"] = list(form.skill_ids.data or [])
        if "csc_post_id" in form._fields:
            out["csc_post_id"] = _value(form, "csc_post_id")
        return out
    fields = {"cadet": CADET_FIELDS, "cadet_leader": LEADER_FIELDS, "active_citizen": CITIZEN_FIELDS}[kind]
    out = {name: _value(form, name) for name in fields if name in form._fields}
    if kind == "cadet":
        out["dofe_level"] = DofeLevel(form.dofe_level.data)
        out["dofe_progress_percent"] = form.dofe_progress_percent.data or 0
        out["referred_by_partner_agency"] = bool(form.referred_by_partner_agency.data)
    for flag in ("is_unit_lead", "is_leader"):
        if flag in out:
            out[flag] = bool(out[flag])
    return out


def _as_form_value(value: Any) -> Any:
    if hasattr(value, "value"):
        return value.value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def load_person(form: FlaskForm, volunteer: Volunteer) -> None:
    """Put a volunteer's shared facts into the form (GET of the edit page)."""
    for name in PERSON_FIELDS:
        form[name].data = _as_form_value(getattr(volunteer, name))


def load_role(form: FlaskForm, volunteer: Volunteer, kind: str) -> None:
    """Put a role's detail into the form (GET of the edit page)."""
    if kind in ("special", "csc"):
        detail = volunteer.special
        for name in SPECIAL_FIELDS:
            if name in form._fields:
                form[name].data = _as_form_value(getattr(detail, name))
        minutes = detail.monthly_commitment_minutes
        form.commitment_hours.data = Decimal(minutes) / 60 if minutes else None
        form.skill_ids.data = [s.id for s in detail.skills]
        if "csc_post_id" in form._fields:
            form.csc_post_id.data = _as_form_value(detail.csc_post_id)
        return
    detail = {
        "cadet": volunteer.cadet,
        "cadet_leader": volunteer.cadet_leader,
        "active_citizen": volunteer.active_citizen,
    }[kind]
    for name in form._fields:
        if hasattr(detail, name):
            form[name].data = _as_form_value(getattr(detail, name))
