"""Pure rules about volunteers: age bands, awards, vetting.

No database, no Flask: every function takes plain values so it can be unit-tested and reused by
imports, screens and scheduled jobs alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from core.refusals import Refusal

JUNIOR_MIN_AGE = 10
CADET_MIN_AGE = 13
CADET_MAX_AGE = 18  # a cadet ages out on their 18th birthday
ADULT_AGE = 18
AGEING_OUT_DAYS = 90
VETTING_SOON_DAYS = 60
PIN_YEARS = (3, 5)
LSM_YEARS = 9
# The Special Constabulary Long Service Medal is awarded after 9 years; the national rule adds a
# clasp for each further 10 years (19, 29 ...). DOMAIN.md says only "clasps for further service".
CLASP_EVERY_YEARS = 10


def age_on(born: date, on: date) -> int:
    """Whole years of age on a date."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def birthday(born: date, years: int) -> date:
    """The date someone turns ``years`` old (29 February birthdays fall on 1 March); negative goes back."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def cadet_band(born: date | None, on: date) -> str:
    """'junior' (10-12) or 'cadet' (13-17) on a date; refuses anyone younger than 10 or 18 and over."""
    if born is None:
        raise Refusal("Enter the cadet's date of birth", "date_of_birth")
    if born > on:
        raise Refusal("Date of birth must be in the past", "date_of_birth")
    age = age_on(born, on)
    if age < JUNIOR_MIN_AGE:
        raise Refusal(f"A cadet must be at least {JUNIOR_MIN_AGE} (this person is {age})", "date_of_birth")
    if age >= CADET_MAX_AGE:
        raise Refusal(
            f"A cadet must be under {CADET_MAX_AGE}: this person is {age}, register them as an adult", "date_of_birth"
        )
    return "junior" if age < CADET_MIN_AGE else "cadet"


def ages_out_on(born: date) -> date:
    """The day a cadet ages out (their 18th birthday)."""
    return birthday(born, CADET_MAX_AGE)


def is_ageing_out(born: date | None, on: date, within_days: int = AGEING_OUT_DAYS) -> bool:
    """Whether a cadet turns 18 within ``within_days`` of ``on`` (not already 18)."""
    if born is None:
        return False
    out = ages_out_on(born)
    return on < out <= on + timedelta(days=within_days)


def require_adult(born: date | None, on: date, minimum: int = ADULT_AGE, role: str = "This role") -> None:
    """Refuse anyone younger than ``minimum`` (18 for Specials, PSVs and cadet leaders)."""
    if born is None:
        raise Refusal("Enter the date of birth", "date_of_birth")
    if born > on:
        raise Refusal("Date of birth must be in the past", "date_of_birth")
    age = age_on(born, on)
    if age < minimum:
        raise Refusal(f"{role} must be at least {minimum} (this person is {age})", "date_of_birth")


# --- Service and awards ---------------------------------------------------------------------


def service_days(spells: Iterable[tuple[date, date | None]], on: date) -> int:
    """Days of service up to ``on`` from (start, end) spells, overlapping spells counted once."""
    clipped = sorted((start, min(end or on, on)) for start, end in spells if start <= on)
    total, current_start, current_end = 0, None, None
    for start, end in clipped:
        if end < start:
            continue
        if current_end is None or start > current_end:
            if current_end is not None:
                total += (current_end - current_start).days
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += (current_end - current_start).days
    return total


def date_reaching(spells: Iterable[tuple[date, date | None]], years: int, on: date) -> date | None:
    """The date continuous-or-not service reaches ``years`` years, if reached by ``on`` or still serving."""
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(spells, key=lambda s: s[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, None if end is None or last_end is None else max(last_end, end))
        else:
            merged.append((start, end))
    needed = round(years * 365.25)
    done = 0
    for start, end in merged:
        length = None if end is None else (end - start).days
        if length is None or done + length >= needed:
            return start + timedelta(days=needed - done)
        done += length
    return None


@dataclass(frozen=True)
class AwardDue:
    award: str  # an AwardType value
    label: str
    years: int
    due_on: date  # when the service requirement is (or will be) met
    eligible: bool  # due_on <= today
    received: bool


def award_eligibility(
    service: Iterable[tuple[date, date | None]],
    special_service: Iterable[tuple[date, date | None]],
    received: Iterable[str],
    today: date,
    horizon_years: int = 1,
) -> list[AwardDue]:
    """Service awards earned or coming within ``horizon_years``: pins from any service, LSM from Special service."""
    service, special_service = list(service), list(special_service)
    got = list(received)
    horizon = today + timedelta(days=round(365.25 * horizon_years))
    out: list[AwardDue] = []

    def consider(award: str, label: str, years: int, spells: list, nth: int = 1) -> None:
        due = date_reaching(spells, years, today)
        if due is None or due > horizon:
            return
        out.append(AwardDue(award, label, years, due, due <= today, got.count(award) >= nth))

    for years in PIN_YEARS:
        consider(f"pin_{years}_year", f"{years}-year pin", years, service)
    consider("long_service_medal", "Special Constabulary Long Service Medal", LSM_YEARS, special_service)
    served_years = service_days(special_service, horizon) / 365.25
    for nth, years in enumerate(range(LSM_YEARS + CLASP_EVERY_YEARS, int(served_years) + 1, CLASP_EVERY_YEARS), 1):
        consider("long_service_clasp", f"Long Service Medal clasp ({years} years)", years, special_service, nth)
    return out


# --- Vetting -----------------------------------------------------------------------------


def vetting_state(expires_on: date | None, today: date, soon_days: int = VETTING_SOON_DAYS) -> str:
    """'expired', 'expiring_soon' (within ``soon_days``), 'valid' or 'none'."""
    if expires_on is None:
        return "none"
    if expires_on < today:
        return "expired"
    if expires_on <= today + timedelta(days=soon_days):
        return "expiring_soon"
    return "valid"
