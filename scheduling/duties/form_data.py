"""Between the duty form and the duty rules: the form's choices, what it holds as a DutyInput, and back."""

from __future__ import annotations

from types import SimpleNamespace

from flask_login import current_user

from core.dates import LONDON
from core.params import whole_number
from core.permissions import STAFF
from scheduling import choices
from scheduling.duties.forms import DutyForm
from scheduling.duties.lists import shifts_to_log
from scheduling.duties.services import DutyInput
from scheduling.models import Duty, DutyType


def fill_choices(form: DutyForm) -> None:
    """The form's lists: districts, parishes, and the volunteer (staff) or the shifts still to log (volunteer)."""
    form.district_id.choices = [("", "Not recorded")] + [(str(i), n) for i, n in choices.districts()]
    form.parish_id.choices = [("", "Not recorded")] + [(str(i), n) for i, n in choices.parishes_with_district()]
    if current_user.role in STAFF:
        form.volunteer_id.choices = [("", "Choose a volunteer")] + [(str(i), n) for i, n in choices.volunteers()]
        form.shift_id.choices = [("", "Not from a shift")]
    else:
        shifts = shifts_to_log(current_user.volunteer_id)
        form.shift_id.choices = [("", "Not from a shift (ad hoc)")] + [
            (str(s.id), f"{s.title}, {s.starts_at.astimezone(LONDON):%-d %b %H:%M}") for s in shifts
        ]


def input_from(form: DutyForm, volunteer_id: int) -> DutyInput:
    """What the form holds, for the duty rules."""
    return DutyInput(
        volunteer_id=volunteer_id,
        day=form.day.data,
        start=form.start.data,
        end=form.end.data,
        end_day=form.end_day.data,
        duty_type=DutyType(form.duty_type.data),
        place=form.place.data,
        district_id=whole_number(form.district_id.data),
        parish_id=whole_number(form.parish_id.data),
        is_esp=form.is_esp.data == "yes",
        notes=form.notes.data,
        shift_id=whole_number(form.shift_id.data),
    )


def form_data(inp: DutyInput) -> SimpleNamespace:
    """A DutyInput as the form's starting values (a duty as booked, or a CSC's own parish)."""
    return SimpleNamespace(
        volunteer_id=str(inp.volunteer_id),
        shift_id=str(inp.shift_id or ""),
        day=inp.day,
        start=inp.start,
        end=inp.end,
        end_day=inp.end_day,
        duty_type=inp.duty_type.value if inp.duty_type else "",
        place=inp.place,
        district_id=str(inp.district_id or ""),
        parish_id=str(inp.parish_id or ""),
        is_esp="yes" if inp.is_esp else "no",
        notes=inp.notes,
    )


def duty_input(item: Duty) -> DutyInput:
    """A stored duty as a DutyInput (the change form starts from it)."""
    start, end = item.starts_at.astimezone(LONDON), item.ends_at.astimezone(LONDON)
    return DutyInput(
        volunteer_id=item.volunteer_id,
        day=start.date(),
        start=start.time().replace(tzinfo=None),
        end=end.time().replace(tzinfo=None),
        end_day=end.date() if end.date() != start.date() else None,
        duty_type=item.duty_type,
        place=item.place,
        district_id=item.district_id,
        parish_id=item.parish_id,
        is_esp=item.is_esp,
        notes=item.notes,
        shift_id=item.shift_id,
    )
