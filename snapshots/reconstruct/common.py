"""Shared helpers of the reconstruction: the build context, dates, lookups, random choices.

Everything random goes through `Ctx.rng(name)`: one `random.Random` per named purpose, seeded
from a string (Python hashes string seeds with SHA-512, so PYTHONHASHSEED does not matter), so
that a change in one dataset does not reshuffle the others.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = REPO_ROOT / "flows" / "reference"
PUBLISHED_DIR = REFERENCE_DIR / "published"
BASE_YEAR = 2023  # the year whose real facts the lookup files describe
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt(d: date | None) -> str:
    """`DD Mon YYYY`, the contract's CSV date format; None is an empty cell."""
    if d is None:
        return ""
    return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"


def parse(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    day, mon, year = text.split(" ")
    return date(int(year), MONTHS.index(mon) + 1, int(day))


def shift_years(d: date, years: int) -> date:
    if years == 0:
        return d
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb into a common year
        return d.replace(year=d.year + years, day=28)


def read_lookup(name: str, folder: Path = DATA_DIR) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rand_date(rng: random.Random, lo: date, hi: date) -> date:
    if hi < lo:
        raise ValueError(f"empty date range {lo}..{hi}")
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, heavier ones likelier (Efraimidis-Spirakis); keeps the input order."""
    if k > len(items):
        raise ValueError(f"cannot pick {k} of {len(items)}")
    keys = [rng.random() ** (1.0 / w) for w in weights]
    chosen = sorted(range(len(items)), key=lambda i: (-keys[i], i))[:k]
    return [items[i] for i in sorted(chosen)]


def compose(rng: random.Random, total: int, caps: list[int]) -> list[int]:
    """Split `total` into len(caps) parts, part i in 0..caps[i], spread at random."""
    if total > sum(caps):
        raise ValueError(f"cannot place {total} in capacity {sum(caps)}")
    parts = [0] * len(caps)
    open_slots = [i for i, cap in enumerate(caps) if cap > 0]
    for _ in range(total):
        i = rng.choice(open_slots)
        parts[i] += 1
        if parts[i] == caps[i]:
            open_slots.remove(i)
    return parts


def untidy_list(items: list[str], rng: random.Random, messy: float = 0.2) -> str:
    """A `;` list cell; some cells get stray spaces around items, as real exports do."""
    if rng.random() < messy:
        pads = (" ", "", "  ")
        return ";".join(f"{rng.choice(pads)}{item}{rng.choice(pads)}" for item in items)
    return "; ".join(items) if rng.random() < 0.5 else ";".join(items)


@dataclass
class Ctx:
    """What every generator needs: the report year, the seed, and the reference data."""

    year: int
    seed: int
    variant: bool
    countries: list[dict[str, str]] = field(default_factory=list)
    groups: list[dict[str, str]] = field(default_factory=list)

    @property
    def dy(self) -> int:
        return self.year - BASE_YEAR

    @property
    def published(self) -> date:
        return date(self.year + 1, 1, 31)

    @property
    def cutoff(self) -> date:
        return date(self.year, 12, 31)

    @property
    def window_start(self) -> date:
        return date(self.year - 4, 1, 1)

    @property
    def first_year(self) -> int:
        return self.year - 25  # visits are recorded from this year on

    def rng(self, name: str) -> random.Random:
        return random.Random(f"spfacts:{self.seed}:{self.year}:{name}")

    def real_date(self, text: str) -> date | None:
        """A date of a lookup file (written for 2023), moved to the report year."""
        d = parse(text)
        return None if d is None else shift_years(d, self.dy)

    def country(self, iso3: str) -> dict[str, str]:
        for row in self.countries:
            if row["iso3"] == iso3:
                return row
        raise KeyError(f"{iso3} is not in flows/reference/countries.csv")

    def iso3_of(self, name_en: str) -> str:
        for row in self.countries:
            if row["name_en"] == name_en:
                return row["iso3"]
        raise KeyError(f"{name_en!r} is not a name_en of flows/reference/countries.csv")

    def members(self) -> list[str]:
        return [r["iso3"] for r in self.countries if r["un_status"] == "Member State"]


def load_ctx(year: int, seed: int, variant: bool) -> Ctx:
    countries = sorted(read_lookup("countries.csv", REFERENCE_DIR), key=lambda r: r["iso3"])
    groups = read_lookup("regional_groups.csv", REFERENCE_DIR)
    return Ctx(year=year, seed=seed, variant=variant, countries=countries, groups=groups)
