"""The shift form's web side, shared by the routes that create and change shifts: choices, values in and out."""

from __future__ import annotations

from core.dates import LONDON, local_to_utc
from core.params import whole_number
from scheduling import choices
from scheduling.models import DutyType, Shift
from scheduling.rosters import services
from scheduling.rosters.forms import ShiftForm
from scheduling.rosters.models import ShiftTemplate


def fill_shift_choices(form: ShiftForm) -> None:
    """The district, parish, rank and skill choices of a shift form."""
    form.district_id.choices = [("", "No district")] + [(str(i), n) for i, n in choices.districts()]
    form.parish_id.choices = [("", "No parish")] + [(str(i), n) for i, n in choices.parishes()]
    form.minimum_rank.choices = [("", "Any rank")] + [(str(s), n) for s, n in choices.ranks()]
    form.required_skill_id.choices = [("", "No skill needed")] + [(str(i), n) for i, n in choices.skills()]


def shift_input_from_form(form: ShiftForm) -> services.ShiftInput:
    """The shift a filled-in shift form describes (London times to UTC)."""
    deadline = None
    if form.deadline_day.data:
        deadline = local_to_utc(
            form.deadline_day.data, form.deadline_time.data or form.start.data.replace(hour=0, minute=0)
        )
    return services.ShiftInput(
        title=form.title.data,
        shift_type=DutyType(form.shift_type.data),
        starts_at=local_to_utc(form.day.data, form.start.data),
        ends_at=local_to_utc(form.end_day.data or form.day.data, form.end.data),
        places=form.places.data,
        place=form.place.data,
        district_id=whole_number(form.district_id.data),
        parish_id=whole_number(form.parish_id.data),
        eligible_programmes=form.eligible_programmes.data,
        minimum_rank_seniority=whole_number(form.minimum_rank.data),
        required_skill_id=whole_number(form.required_skill_id.data),
        signup_deadline=deadline,
        notes=form.notes.data,
    )


def _text(value) -> str:
    return "" if value is None else str(value)


def form_data_of(shift: Shift | ShiftTemplate) -> dict:
    """A shift form's values from a shift (every field) or a template (all but the day)."""
    data = {
        "title": shift.title,
        "shift_type": shift.shift_type.value,
        "places": shift.places,
        "place": shift.place or "",
        "district_id": _text(shift.district_id),
        "parish_id": _text(shift.parish_id),
        "eligible_programmes": [p for p in shift.eligible_programmes.split(",") if p],
        "minimum_rank": _text(shift.minimum_rank_seniority),
        "required_skill_id": _text(shift.required_skill_id),
        "notes": shift.notes or "",
    }
    if isinstance(shift, ShiftTemplate):
        end = (shift.starts.hour * 60 + shift.starts.minute + shift.minutes) % (24 * 60)
        return {**data, "start": shift.starts, "end": shift.starts.replace(hour=end // 60, minute=end % 60)}
    start, end = shift.starts_at.astimezone(LONDON), shift.ends_at.astimezone(LONDON)
    data.update(day=start.date(), start=start.time().replace(tzinfo=None), end=end.time().replace(tzinfo=None))
    if end.date() != start.date():
        data["end_day"] = end.date()
    if shift.signup_deadline is not None:
        deadline = shift.signup_deadline.astimezone(LONDON)
        data.update(deadline_day=deadline.date(), deadline_time=deadline.time().replace(tzinfo=None))
    return data
