"""In-memory plan of a synthetic centre: plain objects first, database rows at the end.

Everything is drawn into these small objects (a few hundred thousand of them at N = 10),
then written with ``bulk_create``: deciding in Python is what keeps the load fast.
Determinism: every random draw comes from generators seeded by (seed, part name), and
nothing iterates a set of objects (its order would follow memory addresses).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

D = dt.date


def rng_for(seed: int, part: str) -> random.Random:
    """One generator per part, so that changing one part does not shift the others."""
    return random.Random(f"tisserand-scale:{seed}:{part}")






def day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def scaled(rng: random.Random, value: float) -> int:
    """Round keeping the expected value: 2.3 gives 2 or 3 (3 three times in ten)."""
    whole = math.floor(value)
    return whole + (1 if rng.random() < value - whole else 0)


def poisson(rng: random.Random, mean: float) -> int:
    """Number of occasional visitors of a session (Knuth's method; the means are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


@dataclass(eq=False, slots=True)
class PHousehold:
    index: int
    name: str
    origin: str
    composition: str
    address: str
    neighbourhood: str
    qpv: bool
    quotient: int | None
    primary_school: int = 0  # index among the centre's primary schools
    college: int = 0
    members: list[PPerson] = field(default_factory=list)
    seasons: dict[int, dt.date] = field(default_factory=dict)  # season -> first visit
    id: int | None = None

    def children(self) -> list[PPerson]:
        return [p for p in self.members if p.role == "child"]

    def parents(self) -> list[PPerson]:
        return [p for p in self.members if p.role == "parent"]


@dataclass(eq=False, slots=True)
class PPerson:
    index: int
    first_name: str
    last_name: str
    sex: str
    birth: dt.date
    role: str
    household: PHousehold
    priority_area: str
    phone: str = ""
    first_seen: dt.date | None = None
    id: int | None = None

    def seen(self, day: dt.date) -> None:
        if self.first_seen is None or day < self.first_seen:
            self.first_seen = day


class Busy:
    """Who is where, so that nobody is at two sessions (or a session and an appointment)
    at the same time. Keys are ints (person index and day), values tuples of minute spans."""

    def __init__(self) -> None:
        self._spans: dict[int, tuple[tuple[int, int], ...]] = {}

    @staticmethod
    def _key(person: PPerson, day: dt.date) -> int:
        return person.index * 1_000_000 + day.toordinal()

    def free(self, person: PPerson, day: dt.date, start: int, end: int) -> bool:
        spans = self._spans.get(self._key(person, day))
        return spans is None or all(end <= a or b <= start for a, b in spans)

    def take(self, person: PPerson, day: dt.date, start: int, end: int) -> None:
        key = self._key(person, day)
        self._spans[key] = self._spans.get(key, ()) + ((start, end),)
