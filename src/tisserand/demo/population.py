"""The inhabitants of the demo centre, planned in memory and then written in bulk.

Households and persons are first built as small Python objects, "to order": each atelier
asks for the families it needs (a mother with two children aged 7 to 10, a father...) and
reuses families met elsewhere when they fit. Everything is written at the end with
``bulk_create`` (thousands of rows in a few queries); since ``bulk_create`` skips
``save()``, ``search_name`` is filled here with the same ``search_key`` the models use.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tisserand.core.calendar import age_on, years_before
from tisserand.core.text import search_key
from tisserand.demo.names import (
    NEIGHBOURHOODS,
    ORIGIN_WEIGHTS,
    ORIGINS,
    QPV_STREETS,
    STREETS,
)
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    PriorityArea,
    SchoolEnrollment,
)

PARENT = Person.HouseholdRole.PARENT
CHILD = Person.HouseholdRole.CHILD
OTHER = Person.HouseholdRole.OTHER
F = Person.Sex.FEMALE
M = Person.Sex.MALE
Composition = Household.Composition






@dataclass(eq=False)
class PPerson:
    first_name: str
    last_name: str
    sex: str
    birth_date: dt.date
    role: str
    household: PHousehold | None
    priority_area: str
    id: int | None = None
    first_seen: dt.date | None = None

    def age(self, day: dt.date) -> int:
        return age_on(self.birth_date, day)

    @property
    def is_father(self) -> bool:
        return self.role == PARENT and self.sex == M

    def __repr__(self) -> str:  # pragma: no cover - debugging help
        return f"<{self.first_name} {self.last_name} {self.birth_date}>"


@dataclass(eq=False)
class PHousehold:
    name: str
    origin: str
    composition: str
    address: str
    neighbourhood: str
    qpv: bool
    members: list[PPerson] = field(default_factory=list)
    id: int | None = None
    tags: set[str] = field(default_factory=set)
    quotient: int | None = None
    seasons: set[int] = field(default_factory=set)

    def parents(self) -> list[PPerson]:
        return [p for p in self.members if p.role == PARENT]

    def mother(self) -> PPerson | None:
        return next((p for p in self.parents() if p.sex == F), None)

    def father(self) -> PPerson | None:
        return next((p for p in self.parents() if p.sex == M), None)

    def children(self) -> list[PPerson]:
        return [p for p in self.members if p.role == CHILD]

    def others(self) -> list[PPerson]:
        return [p for p in self.members if p.role == OTHER]

    def update_composition(self) -> None:
        """Follow the members: a family that gained a parent or a child changes kind."""
        if not self.children():
            return
        if self.mother() and self.father():
            self.composition = Composition.COUPLE_WITH_CHILDREN
        elif self.parents():
            self.composition = Composition.SINGLE_PARENT


class Population:
    """Deterministic factory of households and persons (one seeded generator)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.households: list[PHousehold] = []
        self.persons: list[PPerson] = []
        self._taken: set[tuple[str, str, dt.date]] = set()
        self.enrollments: list[tuple[PPerson, int, str | None, str]] = []

    # -- drawing -----------------------------------------------------------------------
    def _origin(self) -> str:
        names = list(ORIGIN_WEIGHTS)
        return self.rng.choices(names, weights=[ORIGIN_WEIGHTS[n] for n in names])[0]

    def birth_between(self, earliest: dt.date, latest: dt.date) -> dt.date:
        span = (latest - earliest).days
        return earliest + dt.timedelta(days=self.rng.randint(0, max(span, 0)))

    def birth_for_ages(
        self, min_age: int, max_age: int, first: dt.date, last: dt.date | None = None
    ) -> dt.date:
        """A birth date giving an age in [min_age, max_age] on every day of [first, last]."""
        last = last or first
        latest = years_before(first, min_age)
        earliest = years_before(last, max_age + 1) + dt.timedelta(days=1)
        if earliest > latest:
            raise ValueError(f"no birth date for ages {min_age}-{max_age} {first}..{last}")
        return self.birth_between(earliest, latest)

    def _person(self, household, *, sex, birth, role, origin=None, last_name=None) -> PPerson:
        origin = origin or (household.origin if household else self._origin())
        women, men, last_names = ORIGINS[origin]
        last = last_name or (household.name if household else self.rng.choice(last_names))
        for _attempt in range(50):
            first = self.rng.choice(women if sex == F else men)
            if (first, last, birth) not in self._taken and not (
                household and any(m.first_name == first for m in household.members)
            ):
                break
        self._taken.add((first, last, birth))
        if household is not None:
            area = PriorityArea.YES if household.qpv else PriorityArea.NO
        else:
            area = self.rng.choice([PriorityArea.YES, PriorityArea.NO, PriorityArea.UNKNOWN])
        person = PPerson(first, last, sex, birth, role, household, area)
        if household is not None:
            household.members.append(person)
        self.persons.append(person)
        return person

    def household(self, *, composition: str, origin: str | None = None,
                  qpv: bool | None = None) -> PHousehold:
        origin = origin or self._origin()
        last_name = self.rng.choice(ORIGINS[origin][2])
        street = self.rng.choice(STREETS)
        if qpv is None:
            qpv = street in QPV_STREETS
        elif qpv and street not in QPV_STREETS:
            street = self.rng.choice(sorted(QPV_STREETS))
        neighbourhood = "Saint-Maurice Pellevoisin" if qpv else self.rng.choice(NEIGHBOURHOODS)
        address = f"{self.rng.randint(1, 180)} {street}"
        household = PHousehold(last_name, origin, composition, address, neighbourhood, qpv)
        if self.rng.random() < 0.75:
            household.quotient = self.rng.choice(
                [180, 250, 320, 390, 450, 520, 610, 700, 820, 950, 1100, 1300]
            )
        self.households.append(household)
        return household

    # -- families ----------------------------------------------------------------------
    def family(
        self,
        *,
        children: list[tuple[int, int]],
        on: dt.date,
        until: dt.date | None = None,
        mother: bool = True,
        father: bool = False,
        other_adult: bool = False,
        origin: str | None = None,
        qpv: bool | None = None,
    ) -> PHousehold:
        """A family whose children have the given (min, max) ages on every day of [on, until]."""
        if mother and father:
            composition = Composition.COUPLE_WITH_CHILDREN
        elif mother or father:
            composition = Composition.SINGLE_PARENT
        else:
            composition = Composition.OTHER
        if not children:
            composition = Composition.COUPLE if mother and father else Composition.ALONE
        household = self.household(composition=composition, origin=origin, qpv=qpv)
        youngest_parent_age = 22 + max((a for _, a in children), default=0)
        if mother:
            self._person(household, sex=F, role=PARENT,
                         birth=self.birth_for_ages(youngest_parent_age, youngest_parent_age
                                                   + 16, on))
        if father:
            self._person(household, sex=M, role=PARENT,
                         birth=self.birth_for_ages(youngest_parent_age + 1,
                                                   youngest_parent_age + 18, on))
        if other_adult:
            # A grandmother or an aunt living with the family.
            if self.rng.random() < 0.6:
                birth = self.birth_for_ages(55, 72, on)
            else:
                birth = self.birth_for_ages(19, 35, on)
            self._person(household, sex=F, role=Person.HouseholdRole.OTHER, birth=birth)
        for min_age, max_age in children:
            sex = self.rng.choice([F, M])
            self._person(household, sex=sex, role=CHILD,
                         birth=self.birth_for_ages(min_age, max_age, on, until))
        return household

    def adult(
        self, *, sex: str, ages: tuple[int, int], on: dt.date, alone: bool = True,
        origin: str | None = None, qpv: bool | None = None,
    ) -> PPerson:
        """An adult in a household of their own (alone, or a couple of which one comes)."""
        composition = Composition.ALONE if alone else Composition.COUPLE
        household = self.household(composition=composition, origin=origin, qpv=qpv)
        # Without children in the household, nobody is a "parent": both are "other".
        person = self._person(household, sex=sex, role=OTHER,
                              birth=self.birth_for_ages(ages[0], ages[1], on))
        if not alone:
            self._person(household, sex=M if sex == F else F, role=OTHER,
                         birth=self.birth_for_ages(ages[0], ages[1] + 3, on))
        return person

    def youth(self, *, ages: tuple[int, int], on: dt.date, until: dt.date | None = None,
              sex: str | None = None) -> PPerson:
        """A young person living with a parent (who does not come to the activity)."""
        household = self.family(children=[], on=on, mother=True)
        household.composition = Composition.SINGLE_PARENT
        sex = sex or self.rng.choice([F, M, M])
        return self._person(household, sex=sex, role=CHILD,
                            birth=self.birth_for_ages(ages[0], ages[1], on, until))

    def add_child(self, household: PHousehold, *, ages: tuple[int, int], on: dt.date,
                  until: dt.date | None = None) -> PPerson:
        return self._person(household, sex=self.rng.choice([F, M]), role=CHILD,
                            birth=self.birth_for_ages(ages[0], ages[1], on, until))

    def enrol(self, person: PPerson, school_year: int, school: str | None, level: str) -> None:
        self.enrollments.append((person, school_year, school, level))

    # -- writing -----------------------------------------------------------------------
    def write(self, *, schools: dict[str, object],
              quotient_years: tuple[int, int] = (2019, 2020)) -> None:
        """Create every household, person, quotient, membership and enrolment in bulk
        (quotients for two calendar years: those of the 2020 report by default)."""
        households = [
            Household(
                name=h.name, composition=h.composition, address=h.address,
                postcode="59800" if h.neighbourhood != "Hellemmes" else "59260",
                city="Lille" if h.neighbourhood != "Hellemmes" else "Hellemmes-Lille",
                neighbourhood=h.neighbourhood, search_name=search_key(h.name),
            )
            for h in self.households
        ]
        Household.objects.bulk_create(households, batch_size=500)
        for planned, row in zip(self.households, households, strict=True):
            planned.id = row.pk
        persons = [
            Person(
                first_name=p.first_name, last_name=p.last_name, sex=p.sex,
                birth_date=p.birth_date, household_id=p.household.id if p.household else None,
                household_role=p.role, priority_area=p.priority_area,
                search_name=search_key(f"{p.last_name} {p.first_name}"),
            )
            for p in self.persons
        ]
        Person.objects.bulk_create(persons, batch_size=500)
        for planned, row in zip(self.persons, persons, strict=True):
            planned.id = row.pk
        quotients, memberships = [], []
        for h in self.households:
            if h.quotient:
                for year in quotient_years:
                    amount = h.quotient + (
                        0 if year == quotient_years[0] else self.rng.choice([-30, 0, 40]))
                    quotients.append(FamilyQuotient(
                        household_id=h.id, amount=max(amount, 90),
                        valid_from=dt.date(year, 1, 1), valid_to=dt.date(year, 12, 31),
                    ))
            for season in sorted(h.seasons):
                memberships.append(Membership(
                    household_id=h.id, season=season,
                    paid_on=dt.date(season, 9, 1) + dt.timedelta(days=self.rng.randint(0, 40)),
                    amount=10 if h.quotient and h.quotient < 600 else 15,
                ))
        FamilyQuotient.objects.bulk_create(quotients, batch_size=500)
        Membership.objects.bulk_create(memberships, batch_size=500)
        SchoolEnrollment.objects.bulk_create(
            [
                SchoolEnrollment(person_id=p.id, school_year=year,
                                 school=schools[school] if school else None, level=level)
                for p, year, school, level in self.enrollments
            ],
            batch_size=500,
        )
