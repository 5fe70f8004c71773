"""Repeating a shift weekly, and shift templates: the same shift again without typing it again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from core.audit import record
from core.dates import LONDON, local_to_utc
from core.extensions import db
from core.refusals import Refusal
from scheduling.models import Shift
from scheduling.rosters.models import ShiftTemplate
from scheduling.rosters.services import create_shift, input_of

MAX_WEEKS = 26


@dataclass
class Repeat:
    """One week's copy of a shift: when, and the shift already there that it would clash with (if any)."""

    starts_at: datetime
    ends_at: datetime
    signup_deadline: datetime | None
    clash: Shift | None = None


@dataclass
class RepeatPlan:
    """The copies a weekly repeat makes, and the dates it leaves out because they clash."""

    repeats: list[Repeat] = field(default_factory=list)

    @property
    def creatable(self) -> list[Repeat]:
        return [r for r in self.repeats if r.clash is None]

    @property
    def clashing(self) -> list[Repeat]:
        return [r for r in self.repeats if r.clash is not None]


def _same_wall_clock(moment: datetime, weeks: int) -> datetime:
    """The same London wall-clock time ``weeks`` weeks later (a clock change keeps the local time)."""
    local = moment.astimezone(LONDON)
    return local_to_utc(local.date() + timedelta(weeks=weeks), local.time())


def plan_repeat(shift: Shift, weeks: int) -> RepeatPlan:
    """The weekly copies of the shift for the next ``weeks`` weeks; a copy clashes with a shift (not cancelled)
    of the same title in the same district at an overlapping time, and is then not made."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise Refusal(f"Enter a number of weeks from 1 to {MAX_WEEKS}", "weeks")
    plan = RepeatPlan()
    for n in range(1, weeks + 1):
        starts, ends = _same_wall_clock(shift.starts_at, n), _same_wall_clock(shift.ends_at, n)
        deadline = None if shift.signup_deadline is None else starts - (shift.starts_at - shift.signup_deadline)
        plan.repeats.append(Repeat(starts, ends, deadline))
    lo, hi = plan.repeats[0].starts_at, plan.repeats[-1].ends_at
    near = db.session.scalars(
        sa.select(Shift).where(
            Shift.title == shift.title,
            Shift.district_id.is_(None) if shift.district_id is None else Shift.district_id == shift.district_id,
            Shift.cancelled.is_(False),
            Shift.starts_at < hi,
            Shift.ends_at > lo,
        )
    ).all()
    for repeat in plan.repeats:
        repeat.clash = next((s for s in near if s.starts_at < repeat.ends_at and s.ends_at > repeat.starts_at), None)
    return plan


def repeat_weekly(shift: Shift, weeks: int, actor_id: int | None) -> tuple[list[Shift], RepeatPlan]:
    """Create the weekly copies of the shift that do not clash (``plan_repeat``); returns them and the plan."""
    plan = plan_repeat(shift, weeks)
    if not plan.creatable:
        raise Refusal("Every one of those dates clashes with a shift already there", "weeks")
    made = []
    for repeat in plan.creatable:
        inp = input_of(shift)
        inp.starts_at, inp.ends_at, inp.signup_deadline = repeat.starts_at, repeat.ends_at, repeat.signup_deadline
        made.append(create_shift(inp, actor_id))
    record("shift_repeated", "shift", shift.id, detail={"weeks": weeks, "created": [s.id for s in made]})
    return made, plan


def save_template(shift: Shift, name: str, owner_id: int | None) -> ShiftTemplate:
    """Keep the shift's shape (not its day) under a name, to create the same shift on another day."""
    name = (name or "").strip()
    if not name:
        raise Refusal("Enter a name for the template", "name")
    if len(name) > 160:
        raise Refusal("The name must be 160 characters or fewer", "name")
    start = shift.starts_at.astimezone(LONDON)
    template = ShiftTemplate(
        name=name,
        title=shift.title,
        shift_type=shift.shift_type,
        place=shift.place,
        district_id=shift.district_id,
        parish_id=shift.parish_id,
        starts=start.time().replace(tzinfo=None),
        minutes=int((shift.ends_at - shift.starts_at).total_seconds() // 60),
        places=shift.places,
        eligible_programmes=shift.eligible_programmes,
        minimum_rank_seniority=shift.minimum_rank_seniority,
        required_skill_id=shift.required_skill_id,
        notes=shift.notes,
        owner_id=owner_id,
    )
    db.session.add(template)
    db.session.flush()
    record("shift_template_saved", "shift_template", template.id, detail={"name": name, "from_shift": shift.id})
    return template


def templates() -> list[ShiftTemplate]:
    """Every shift template, by name."""
    return list(db.session.scalars(sa.select(ShiftTemplate).order_by(ShiftTemplate.name, ShiftTemplate.id)))


def delete_template(template_id: int) -> None:
    """Remove a template (shifts made from it stay)."""
    template = db.session.get(ShiftTemplate, template_id)
    if template is None:
        raise Refusal("That template no longer exists", "template_id")
    record("shift_template_deleted", "shift_template", template.id, detail={"name": template.name})
    db.session.delete(template)
