"""JSON shapes of the API: serialisers, body parsing, and their OpenAPI schemas."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from api.openapi import register_openapi_schema
from core.refusals import Refusal
from scheduling.duties.services import DutyInput
from scheduling.models import Duty, DutyType, Shift, ShiftSignup
from scheduling.rosters.services import ShiftView

# Ids are 32-bit: a larger one names no row, and PostgreSQL refuses to compare it with an id column.
MAX_ID = 2**31 - 1


def iso(moment: datetime | None) -> str | None:
    """A UTC timestamp as ISO 8601 with Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def shift_json(view: ShiftView) -> dict[str, Any]:
    """A shift with its places."""
    shift: Shift = view.shift
    return {
        "id": shift.id,
        "title": shift.title,
        "type": shift.shift_type.value,
        "starts_at": iso(shift.starts_at),
        "ends_at": iso(shift.ends_at),
        "place": shift.place,
        "district": shift.district.name if shift.district else None,
        "parish": shift.parish.name if shift.parish else None,
        "places": shift.places,
        "confirmed": view.confirmed,
        "waiting": view.waiting,
        "signup_deadline": iso(shift.signup_deadline),
        "my_status": view.my_status.value if view.my_status else None,
    }


def signup_json(signup: ShiftSignup) -> dict[str, Any]:
    """A volunteer's place on a shift."""
    shift = signup.shift
    return {
        "shift_id": signup.shift_id,
        "title": shift.title,
        "starts_at": iso(shift.starts_at),
        "ends_at": iso(shift.ends_at),
        "status": signup.status.value,
        "cancelled": shift.cancelled,
    }


def duty_json(duty: Duty) -> dict[str, Any]:
    """A logged duty."""
    return {
        "id": duty.id,
        "volunteer_id": duty.volunteer_id,
        "date": duty.duty_date.isoformat(),
        "starts_at": iso(duty.starts_at),
        "ends_at": iso(duty.ends_at),
        "minutes": duty.minutes,
        "type": duty.duty_type.value,
        "place": duty.place,
        "district_id": duty.district_id,
        "parish_id": duty.parish_id,
        "esp": duty.is_esp,
        "notes": duty.notes,
        "status": duty.status.value,
        "rejection_reason": duty.rejection_reason,
        "shift_id": duty.shift_id,
        "signup_id": duty.signup_id,  # the booked place this duty confirms ("I did this shift"), if any
    }


def _text(body: dict, name: str, required: bool = False, max_len: int = 2000) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        if required:
            raise Refusal(f"'{name}' is required", name)
        return None
    if not isinstance(value, str):
        raise Refusal(f"'{name}' must be a string", name)
    if len(value) > max_len:
        raise Refusal(f"'{name}' must be {max_len} characters or fewer", name)
    return value


def _int(body: dict, name: str) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise Refusal(f"'{name}' must be a positive whole number", name)
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(body: dict, name: str, required: bool = False) -> date | None:
    value = _text(body, name, required, 10)
    if value is None:
        return None
    try:
        if not ISO_DATE.fullmatch(value):  # fromisoformat would also take 20260704 and 2026-W27-6
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise Refusal(f"'{name}' must be a date like 2026-07-04", name) from None


def _time(body: dict, name: str) -> time:
    value = _text(body, name, True, 5)
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise Refusal(f"'{name}' must be a 24-hour time like 18:30", name) from None


DUTY_FIELDS = {
    "volunteer_id",
    "date",
    "start",
    "end",
    "end_date",
    "type",
    "place",
    "district_id",
    "parish_id",
    "esp",
    "notes",
    "shift_id",
}


def duty_input(body: Any, volunteer_id: int | None) -> DutyInput:
    """A DutyInput from a JSON body, naming the field of the first problem."""
    if not isinstance(body, dict):
        raise Refusal("The body must be a JSON object", None)
    unknown = sorted(set(body) - DUTY_FIELDS)
    if unknown:
        raise Refusal(f"Unknown field '{unknown[0]}'", unknown[0])
    type_value = _text(body, "type", True, 40)
    try:
        duty_type = DutyType(type_value)
    except ValueError:
        raise Refusal(f"'type' must be one of: {', '.join(t.value for t in DutyType)}", "type") from None
    esp = body.get("esp", False)
    if not isinstance(esp, bool):
        raise Refusal("'esp' must be true or false", "esp")
    chosen = _int(body, "volunteer_id")
    return DutyInput(
        volunteer_id=chosen if chosen is not None else volunteer_id,
        day=_date(body, "date", True),
        start=_time(body, "start"),
        end=_time(body, "end"),
        end_day=_date(body, "end_date"),
        duty_type=duty_type,
        place=_text(body, "place", max_len=160),
        district_id=_int(body, "district_id"),
        parish_id=_int(body, "parish_id"),
        is_esp=esp,
        notes=_text(body, "notes"),
        shift_id=_int(body, "shift_id"),
    )


_TS = {"type": "string", "format": "date-time"}
_NSTR = {"type": "string", "nullable": True}
_NINT = {"type": "integer", "nullable": True}
_ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
# What the body parser's "%H:%M" accepts: hours 0-23 and minutes 0-59, a leading zero optional.
_HH_MM = "^(2[0-3]|[01]?[0-9]):([0-5]?[0-9])$"

register_openapi_schema(
    "Shift",
    {
        "type": "object",
        "required": ["id", "title", "type", "starts_at", "ends_at", "places", "confirmed", "waiting"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "type": {"type": "string", "enum": [t.value for t in DutyType]},
            "starts_at": _TS,
            "ends_at": _TS,
            "place": _NSTR,
            "district": _NSTR,
            "parish": _NSTR,
            "places": {"type": "integer"},
            "confirmed": {"type": "integer"},
            "waiting": {"type": "integer"},
            "signup_deadline": {**_TS, "nullable": True},
            "my_status": {"type": "string", "nullable": True, "enum": ["confirmed", "waiting", "withdrawn", None]},
        },
    },
)
register_openapi_schema(
    "Signup",
    {
        "type": "object",
        "required": ["shift_id", "title", "starts_at", "ends_at", "status"],
        "properties": {
            "shift_id": {"type": "integer"},
            "title": {"type": "string"},
            "starts_at": _TS,
            "ends_at": _TS,
            "status": {"type": "string", "enum": ["confirmed", "waiting", "withdrawn"]},
            "cancelled": {"type": "boolean", "description": "The shift was cancelled (the reason is on its page)"},
        },
    },
)
register_openapi_schema(
    "Duty",
    {
        "type": "object",
        "required": ["id", "volunteer_id", "date", "starts_at", "ends_at", "minutes", "type", "status"],
        "properties": {
            "id": {"type": "integer"},
            "volunteer_id": {"type": "integer"},
            "date": {"type": "string", "format": "date"},
            "starts_at": _TS,
            "ends_at": _TS,
            "minutes": {"type": "integer"},
            "type": {"type": "string"},
            "place": _NSTR,
            "district_id": _NINT,
            "parish_id": _NINT,
            "esp": {"type": "boolean"},
            "notes": _NSTR,
            "status": {"type": "string", "enum": ["pending", "approved", "rejected"]},
            "rejection_reason": _NSTR,
            "shift_id": _NINT,
            "signup_id": _NINT,
        },
    },
)
register_openapi_schema(
    "DutyInput",
    {
        "type": "object",
        "required": ["date", "start", "end", "type"],
        "additionalProperties": False,
        "properties": {
            "volunteer_id": {
                **_ID,
                "description": "Coordinators: required (whom it is logged for). Volunteers: their own id or left out",
            },
            "date": {"type": "string", "format": "date", "description": "Local (Europe/London) date it started"},
            "start": {"type": "string", "pattern": _HH_MM, "description": "Local 24-hour time, like 18:30"},
            "end": {"type": "string", "pattern": _HH_MM, "description": "Local 24-hour time, like 22:00"},
            "end_date": {"type": "string", "format": "date", "description": "Only when it ended on a later day"},
            "type": {"type": "string", "enum": [t.value for t in DutyType]},
            "place": {"type": "string", "maxLength": 160},
            "district_id": _ID,
            "parish_id": _ID,
            "esp": {"type": "boolean", "description": "Employer Supported Policing time"},
            "notes": {"type": "string", "maxLength": 2000},
            "shift_id": _ID,
        },
    },
)
register_openapi_schema(
    "Hours",
    {
        "type": "object",
        "required": ["month", "approved_minutes", "pending_minutes", "last_3_months_minutes", "months"],
        "properties": {
            "month": {"type": "string"},
            "approved_minutes": {"type": "integer"},
            "pending_minutes": {"type": "integer"},
            "commitment_minutes": _NINT,
            "last_3_months_minutes": {"type": "integer"},
            "months": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["month", "approved_minutes", "pending_minutes"],
                    "properties": {
                        "month": {"type": "string"},
                        "approved_minutes": {"type": "integer"},
                        "pending_minutes": {"type": "integer"},
                    },
                },
            },
        },
    },
)
