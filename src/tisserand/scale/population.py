"""The inhabitants of a synthetic centre: households of realistic sizes and compositions.

About a third of the households are persons living alone (many of them older women), a
quarter couples with children, a fifth single-parent families (mostly mothers), the rest
couples without children and three-generation households: 2.4 persons per household on
average, as in the demo centre. Ages are drawn relative to the first day of the period;
some children are born during it (the attendance plan never has them come before birth).
"""

from __future__ import annotations

import datetime as dt
import random

from tisserand.core.calendar import years_before
from tisserand.demo.names import (
    NEIGHBOURHOODS,
    ORIGIN_WEIGHTS,
    ORIGINS,
    QPV_STREETS,
    STREETS,
)
from tisserand.people.models import Household, Person, PriorityArea
from tisserand.scale.plan import PHousehold, PPerson, pick

C = Household.Composition
F, M = Person.Sex.FEMALE, Person.Sex.MALE
PARENT, CHILD, OTHER = "parent", "child", "other"

COMPOSITIONS = {
    C.ALONE: 34, C.COUPLE_WITH_CHILDREN: 25, C.SINGLE_PARENT: 22, C.COUPLE: 14, C.OTHER: 5,
}
CHILDREN_SINGLE_PARENT = {1: 40, 2: 33, 3: 17, 4: 10}
CHILDREN_COUPLE = {1: 30, 2: 35, 3: 20, 4: 10, 5: 5}
QUOTIENTS = (180, 250, 320, 390, 450, 520, 610, 700, 820, 950, 1100, 1300)


class PopulationPlanner:
    def __init__(self, rng: random.Random, *, start: dt.date, end: dt.date,
                 primaries: int, colleges: int):
        self.rng = rng
        self.start, self.end = start, end  # the period: ages are drawn relative to start
        self.primaries, self.colleges = primaries, colleges
        self.households: list[PHousehold] = []
        self.persons: list[PPerson] = []
        self._taken: set[tuple[str, str, dt.date]] = set()

    def build(self, count: int) -> None:
        for _ in range(count):
            self._household(pick(self.rng, COMPOSITIONS))

    # -- drawing -----------------------------------------------------------------------
    def _birth(self, age_low: float, age_high: float) -> dt.date:
        """A birth date giving an age in [age_low, age_high) years on the first day."""
        days = self.rng.uniform(age_low * 365.25, age_high * 365.25)
        birth = self.start - dt.timedelta(days=int(days))
        return min(birth, self.end - dt.timedelta(days=30))

    def _adult_age(self, weights: dict[tuple[int, int], float]) -> float:
        low, high = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        return self.rng.uniform(low, high)

    def _person(self, household: PHousehold, *, sex: str, birth: dt.date, role: str) -> PPerson:
        women, men, _last = ORIGINS[household.origin]
        names = women if sex == F else men
        first = self.rng.choice(names)
        for _attempt in range(30):
            if (first, household.name, birth) not in self._taken and not any(
                m.first_name == first for m in household.members
            ):
                break
            first = self.rng.choice(names)
        while (first, household.name, birth) in self._taken:  # rare: move the birthday
            birth -= dt.timedelta(days=1)
        self._taken.add((first, household.name, birth))
        if self.rng.random() < 0.05:
            area = PriorityArea.UNKNOWN
        else:
            area = PriorityArea.YES if household.qpv else PriorityArea.NO
        person = PPerson(len(self.persons), first, household.name, sex, birth, role,
                         household, area)
        adult = role != CHILD or years_before(self.start, 18) >= birth
        if adult and self.rng.random() < 0.7:
            number = person.index % 10000  # ARCEP's range for fiction: 06 39 98 xx xx
            person.phone = f"06 39 98 {number // 100:02d} {number % 100:02d}"
        household.members.append(person)
        self.persons.append(person)
        return person

    def _household(self, composition: str) -> PHousehold:
        rng = self.rng
        origin = pick(rng, ORIGIN_WEIGHTS)
        street = rng.choice(STREETS)
        qpv = street in QPV_STREETS
        with_children = composition in (C.COUPLE_WITH_CHILDREN, C.SINGLE_PARENT)
        quotient = None
        if rng.random() < (0.8 if with_children else 0.4):
            # Lower quotients in the priority area.
            quotient = rng.choice(QUOTIENTS[:8] if qpv else QUOTIENTS[3:])
        household = PHousehold(
            index=len(self.households), name=rng.choice(ORIGINS[origin][2]), origin=origin,
            composition=composition, address=f"{rng.randint(1, 180)} {street}",
            neighbourhood="Quartier des Tisserands" if qpv else rng.choice(NEIGHBOURHOODS),
            qpv=qpv, quotient=quotient, primary_school=rng.randrange(self.primaries),
            college=rng.randrange(self.colleges),
        )
        self.households.append(household)
        if composition == C.ALONE:
            sex = F if rng.random() < 0.6 else M
            age = self._adult_age({(20, 35): 0.2, (35, 60): 0.35, (60, 93): 0.45})
            self._person(household, sex=sex, birth=self._birth(age, age + 1), role=OTHER)
        elif composition == C.COUPLE:
            age = self._adult_age({(22, 36): 0.3, (36, 60): 0.3, (60, 88): 0.4})
            self._person(household, sex=F, birth=self._birth(age, age + 1), role=OTHER)
            gap = rng.uniform(-2, 7)
            self._person(household, sex=M, birth=self._birth(age + gap, age + gap + 1),
                         role=OTHER)
        elif composition == C.OTHER:
            # A grandparent with a grown-up child, sometimes a grandchild too.
            age = rng.uniform(55, 82)
            self._person(household, sex=F if rng.random() < 0.75 else M,
                         birth=self._birth(age, age + 1), role=OTHER)
            self._person(household, sex=rng.choice([F, M]),
                         birth=self._birth(18, min(age - 20, 40)), role=OTHER)
            if rng.random() < 0.5:
                self._person(household, sex=rng.choice([F, M]), birth=self._birth(-1, 12),
                             role=CHILD)
        else:
            self._family(household, composition)
        return household

    def _family(self, household: PHousehold, composition: str) -> None:
        rng = self.rng
        count = int(pick(rng, CHILDREN_COUPLE if composition == C.COUPLE_WITH_CHILDREN
                         else CHILDREN_SINGLE_PARENT))
        births = []
        for _ in range(count):
            # One child in ten is a young adult still at home; some are born in the period.
            age_low, age_high = (18, 24) if rng.random() < 0.1 else (-2.5, 18)
            births.append(self._birth(age_low, age_high))
        births.sort()
        oldest_age = (self.start - births[0]).days / 365.25
        mother_age = oldest_age + rng.uniform(20, 38)
        two_parents = composition == C.COUPLE_WITH_CHILDREN
        if two_parents or rng.random() < 0.88:
            self._person(household, sex=F, birth=self._birth(mother_age, mother_age + 1),
                         role=PARENT)
        if two_parents or not household.members:
            father_age = mother_age + rng.uniform(-2, 7)
            self._person(household, sex=M, birth=self._birth(father_age, father_age + 1),
                         role=PARENT)
        for birth in births:
            self._person(household, sex=rng.choice([F, M]), birth=birth, role=CHILD)
