"""How much data each scale holds: county (one force like Essex) and national (a force ten times larger)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Target counts of active people and records; leavers come on top (about 10%)."""

    name: str
    specials: int
    cscs: int
    cadets: int
    cadet_leaders: int
    cadet_units: int
    active_citizens: int
    speed_watch: int
    speed_watch_groups: int
    esp_businesses: int
    parishes: int
    watch_schemes: int
    years: int
    duties: int
    applications: int
    shifts_per_week: int

    @property
    def volunteers(self) -> int:
        return self.specials + self.cadets + self.cadet_leaders + self.active_citizens + self.speed_watch


COUNTY = Scale(
    name="county",
    specials=700,
    cscs=60,
    cadets=400,
    cadet_leaders=80,
    cadet_units=13,
    active_citizens=200,
    speed_watch=900,
    speed_watch_groups=103,
    esp_businesses=150,
    parishes=300,
    watch_schemes=15,
    years=5,
    duties=450_000,
    applications=5_000,
    shifts_per_week=20,
)

NATIONAL = Scale(
    name="national",
    specials=8_000,
    cscs=600,
    cadets=4_500,
    cadet_leaders=900,
    cadet_units=140,
    active_citizens=2_200,
    speed_watch=9_400,
    speed_watch_groups=1_000,
    esp_businesses=1_500,
    parishes=3_000,
    watch_schemes=150,
    years=5,
    duties=10_000_000,
    applications=50_000,
    shifts_per_week=200,
)

SCALES = {"county": COUNTY, "national": NATIONAL}
