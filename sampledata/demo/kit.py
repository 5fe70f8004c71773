"""Demo kit: a store of uniform and cadet uniform by size, body armour, radios and warrant cards, issued to
Specials and cadets; a leaver who still holds a radio (their leaving checklist open) and armour expiring soon."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from core.extensions import db
from core.models import District
from kit.models import ChecklistReason, KitCategory, KitIssue, LeavingChecklist, SerialItem, StockLine
from volunteers.models import Cadet, SpecialConstable, Volunteer, VolunteerStatus

UNIFORM = [("Wicking shirt", ("S", "M", "L", "XL"), 18, 4), ("Trousers", ("30R", "32R", "34R", "36L"), 12, 3)]
UNIFORM += [("Fleece", ("M", "L", "XL"), 6, 2), ("Patrol boots", ("7", "8", "9", "10", "11"), 9, 2)]
CADET_UNIFORM = [("Cadet tunic", ("S", "M", "L"), 25, 5), ("Cadet beret", ("55", "57", "59"), 30, 5)]


def _specials(status: VolunteerStatus, limit: int) -> list[Volunteer]:
    stmt = (
        sa.select(Volunteer)
        .join(SpecialConstable, SpecialConstable.volunteer_id == Volunteer.id)
        .where(Volunteer.status == status)
        .order_by(Volunteer.id)
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def _south_specials(limit: int) -> list[Volunteer]:
    """Active Specials living in South LPA districts (the demo supervisor's command)."""
    south = sa.select(District.id).where(District.command.has(name="South LPA"))
    return [v for v in _specials(VolunteerStatus.ACTIVE, 400) if v.district_id in set(db.session.scalars(south))][
        :limit
    ]


def seed_kit(today: date) -> list[str]:
    """Add the demo store and issues (deterministic: people chosen in id order)."""
    lines = {}
    for category, table in ((KitCategory.UNIFORM, UNIFORM), (KitCategory.CADET_UNIFORM, CADET_UNIFORM)):
        for item_type, sizes, count, low_at in table:
            for n, size in enumerate(sizes):
                in_store = max(count - 2 * n, 1)  # left in the store; the larger sizes run low
                line = StockLine(category=category, item_type=item_type, size=size, in_store=in_store, low_at=low_at)
                db.session.add(line)
                lines[(item_type, size)] = line
    radios = [SerialItem(category=KitCategory.RADIO, serial_number=f"TPH{900100 + n}") for n in range(24)]
    armour = [
        SerialItem(
            category=KitCategory.BODY_ARMOUR,
            serial_number=f"BA-{26000 + n}",
            size=("M", "L", "XL")[n % 3],
            expires_on=today + timedelta(days=30 + 45 * n),  # the first two fall due within 90 days
        )
        for n in range(16)
    ]
    cards = [SerialItem(category=KitCategory.WARRANT_CARD, serial_number=f"WC{51000 + n}") for n in range(20)]
    db.session.add_all(radios + armour + cards)
    db.session.flush()

    def issue(person: Volunteer, on: date, item: SerialItem | None = None, line=None, quantity: int = 1) -> None:
        """Out with the person (the store's counts above are what is left)."""
        db.session.add(
            KitIssue(
                volunteer_id=person.id,
                item_id=item.id if item else None,
                stock_id=line.id if line else None,
                quantity=quantity,
                issued_on=on,
            )
        )

    demo = db.session.scalar(sa.select(Volunteer).where(Volunteer.email == "special@example.org"))
    holders = ([demo] if demo else []) + [v for v in _south_specials(8) if v is not demo]
    for n, person in enumerate(holders):
        on = max(person.joined_on, today - timedelta(days=400 - 30 * n))
        issue(person, on, item=radios[n])
        issue(person, on, item=armour[n])  # the demo Special's and the next one's armour is due for replacement
        issue(person, on, item=cards[n])
        issue(person, on, line=lines[("Wicking shirt", ("M", "L")[n % 2])], quantity=2)
        issue(person, on, line=lines[("Trousers", ("32R", "34R")[n % 2])], quantity=2)
    leavers = [v for v in _specials(VolunteerStatus.LEFT, 40) if v.left_on and v.left_on >= today - timedelta(days=60)]
    for n, leaver in enumerate(leavers[:2]):  # left recently and still holds a radio (and uniform)
        on = max(leaver.joined_on, leaver.left_on - timedelta(days=200))
        issue(leaver, on, item=radios[20 + n])
        issue(leaver, on, line=lines[("Fleece", "L")])
        db.session.add(LeavingChecklist(volunteer_id=leaver.id, reason=ChecklistReason.LEFT, opened_on=leaver.left_on))
    cadets = db.session.scalars(
        sa.select(Volunteer)
        .join(Cadet, Cadet.volunteer_id == Volunteer.id)
        .where(Volunteer.status == VolunteerStatus.ACTIVE)
        .order_by(Volunteer.id)
        .limit(12)
    ).all()
    for n, cadet in enumerate(cadets):
        on = max(cadet.joined_on, today - timedelta(days=200))
        issue(cadet, on, line=lines[("Cadet tunic", ("S", "M", "L")[n % 3])])
        issue(cadet, on, line=lines[("Cadet beret", ("55", "57", "59")[n % 3])])
    db.session.flush()
    return [
        f"Kit: {len(radios)} radios, {len(armour)} sets of body armour, {len(cards)} warrant cards and "
        f"{len(lines)} uniform lines; issued to {len(holders)} Specials, {len(cadets)} cadets and "
        f"{min(len(leavers), 2)} leavers still holding a radio"
    ]
