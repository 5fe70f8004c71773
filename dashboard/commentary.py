"""Plain-English commentary generated from the figures, in the style of the Commissioner's reports."""

from __future__ import annotations

from datetime import date

from dashboard.periods import uk


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 duty', '50 duties' (with thousands separators)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def hours_text(hours: float) -> str:
    return f"{hours:,.0f}" if float(hours).is_integer() else f"{hours:,.1f}"


def change_phrase(change: int, word: str) -> str:
    """'up 3 on the quarter', 'down 3 on the quarter', 'unchanged on the quarter'."""
    if change > 0:
        return f"up {change:,} on {word}"
    if change < 0:
        return f"down {-change:,} on {word}"
    return f"unchanged on {word}"


def _headcount(figures: dict, programme: str) -> dict:
    return next(h for h in figures["headcount"] if h["programme"] == programme)


def headline_sentences(figures: dict) -> list[str]:
    """The headline commentary: one sentence per programme or scheme, from the numbers."""
    period = figures["period"]
    word = "the quarter" if period["is_quarter"] else "the period"
    start, end = date.fromisoformat(period["from"]), date.fromisoformat(period["to"])
    lines = []
    specials = _headcount(figures, "special")
    lines.append(
        f"{plural(specials['end'], 'Special Constable')}, {change_phrase(specials['change'], word)} "
        f"({specials['joined']:,} joined, {specials['left']:,} left)."
    )
    csc = figures["csc"]
    sentence = f"This includes {plural(csc['in_post'], 'Community Special Constable')} (CSCs) in post"
    if csc["parishes_with_csc_in_post"]:
        sentence += f" across {plural(csc['parishes_with_csc_in_post'], 'parish', 'parishes')}"
    if csc["in_training"]:
        sentence += f", with a further {csc['in_training']:,} completing post-foundation training"
    lines.append(sentence + ".")
    lines.append(
        f"{plural(csc['parishes_signed_and_recruited'], 'parish', 'parishes')} have signed up to the CSC scheme "
        f"and recruited; a further {csc['parishes_signed_unable_to_recruit']:,} have signed up but have been "
        f"unable to recruit."
    )
    own = csc["duties_in_own_parishes"]
    lines.append(
        f"Between {uk(start)} and {uk(end)}, {plural(own['cscs'], 'CSC')} contributed "
        f"{plural(own['duties'], 'duty', 'duties')} and {hours_text(own['hours'])} community policing hours in "
        f"their own {'parish' if own['parishes'] == 1 else 'parishes'}."
    )
    esp = figures["esp"]
    lines.append(
        f"{plural(esp['businesses_registered'], 'ESP business', 'ESP businesses')} (Employer Supported Policing) "
        f"registered, benefiting {plural(esp['specials_benefiting'], 'Special Constable')}, "
        f"{esp['force_staff']:,} of them force staff; {esp['businesses_being_engaged']:,} more being engaged."
    )
    cadets = figures["cadets"]
    lines.append(
        f"{plural(cadets['cadets'], 'Volunteer Police Cadet')} and {plural(cadets['leaders'], 'cadet leader')} "
        f"in {plural(cadets['units_with_members'], 'unit')}"
        + (f", with {cadets['junior_cadets']:,} junior cadets" if cadets["junior_cadets"] else "")
        + "."
    )
    ac = figures["active_citizens"]
    lines.append(f"{plural(ac['total'], 'Active Citizen')} across {plural(ac['districts'], 'district')}.")
    watch = figures["watch"]
    lines.append(
        f"{plural(watch['schemes'], 'watch scheme')} reach {watch['members_end']:,} members, "
        f"{change_phrase(watch['change'], word)}."
    )
    for scheme in sorted(watch["by_scheme"], key=lambda s: -abs(s["change"]))[:2]:
        lines.append(f"{scheme['scheme']} has {scheme['end']:,} members, {change_phrase(scheme['change'], word)}.")
    sw = figures["speed_watch"]
    lines.append(
        f"{plural(sw['groups'], 'Community Speed Watch group')} with {plural(sw['volunteers'], 'volunteer')} held "
        f"{plural(sw['sessions'], 'session')}, leading to {plural(sw['letters'], 'warning letter')}."
    )
    duties = figures["duties"]
    lines.append(
        f"Volunteers did {plural(duties['duties'], 'approved duty', 'approved duties')} and "
        f"{hours_text(duties['hours'])} hours in {word}."
    )
    rec = figures["recruitment"]
    forecast = rec["forecast"]
    sentence = f"{plural(rec['received'], 'application')} received in {word}; {rec['open']:,} open at its end."
    lines.append(sentence)
    if forecast["conversion"] is not None:
        lines.append(
            f"{forecast['conversion']:.1%} of Special and CSC applications received in the year to "
            f"{uk(date.fromisoformat(forecast['cohort_to']))} led to joining; replacing the "
            f"{forecast['specials_left_last_12_months']:,} Specials who left in the last 12 months takes about "
            f"{forecast['applications_needed_to_hold_headcount']:,} applications a year."
        )
    return lines
