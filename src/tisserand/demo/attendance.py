"""Who came to which session: the public of every atelier, so that the report's figures
follow from the data; then everything is written in bulk.

The plan is made in memory (``Marks``: session -> persons present; ``presences``: session
-> team members present; headcounts), then ``write`` creates the rows with
``bulk_create`` and marks every session that took place as held.

This module holds the machinery, the CLAS and the ateliers Parents/Enfants; the other
actions are in ``demo.publics``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from tisserand.activities.models import (
    Activity,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
)
from tisserand.core.periods import season_of
from tisserand.demo.centre import Reference
from tisserand.demo.population import PHousehold, Population, PPerson
from tisserand.people.models import Household, Person

D = dt.date


class Schedule:
    """The sessions of every atelier, as the calendar left them (held or cancelled)."""

    def __init__(self, activities: dict[str, Activity]):
        key_by_id = {activity.id: key for key, activity in activities.items()}
        self.sessions: dict[str, list[Session]] = defaultdict(list)
        for session in Session.objects.select_related("place").order_by(
            "date", "start_time", "id"
        ):
            self.sessions[key_by_id[session.activity_id]].append(session)

    def held(self, key: str, start: dt.date | None = None, end: dt.date | None = None,
             ) -> list[Session]:
        return [
            s for s in self.sessions[key]
            if s.status != Session.Status.CANCELLED
            and (start is None or s.date >= start) and (end is None or s.date <= end)
        ]


class Plan:
    """Attendance, team presences and headcounts to write."""

    def __init__(self, ref: Reference, rng: random.Random):
        self.ref = ref
        self.rng = rng
        self.marks: dict[Session, dict[int, PPerson]] = defaultdict(dict)
        self.presences: dict[Session, set[str]] = defaultdict(set)
        self.headcounts: list[tuple[Session, str, int]] = []

    # -- attendance --------------------------------------------------------------------
    def mark(self, session: Session, *people: PPerson) -> None:
        for person in people:
            if person.birth_date <= session.date:  # nobody comes before being born
                self.marks[session][id(person)] = person

    def unmark(self, session: Session, person: PPerson) -> None:
        self.marks[session].pop(id(person), None)

    def attended(self, person: PPerson, sessions: list[Session]) -> int:
        return sum(1 for s in sessions if id(person) in self.marks[s])

    def group(self, sessions: list[Session], people: list[PPerson], rate: float,
              at_least: int = 1) -> None:
        """Each person comes to each session with probability ``rate`` (at least once)."""
        if not sessions:
            return
        for person in people:
            chosen = [s for s in sessions if self.rng.random() < rate]
            missing = max(at_least - len(chosen), 0)
            others = [s for s in sessions if s not in chosen]
            chosen += self.rng.sample(others, min(missing, len(others)))
            for session in chosen:
                self.mark(session, person)

    def households(self, sessions: list[Session], groups: list[list[PPerson]], rate: float,
                   at_least: int = 1) -> None:
        """Families come together: every member of a group comes to the same sessions."""
        for members in groups:
            chosen = [s for s in sessions if self.rng.random() < rate]
            missing = max(at_least - len(chosen), 0)
            others = [s for s in sessions if s not in chosen]
            chosen += self.rng.sample(others, min(missing, len(others)))
            for session in chosen:
                self.mark(session, *members)

    # -- team and anonymous counts -----------------------------------------------------
    def team(self, sessions: list[Session], *keys: str, rate: float = 1.0) -> None:
        for session in sessions:
            for key in keys:
                contributor = self.ref.team[key]
                if contributor.start_date and session.date < contributor.start_date:
                    continue
                if rate >= 1 or self.rng.random() < rate:
                    self.presences[session].add(key)

    def count(self, session: Session, category: str, number: int) -> None:
        self.headcounts.append((session, category, number))

    def fill_empty(self, sched: Schedule) -> None:
        """A session nobody came to would not have been held: bring one of the atelier's
        participants of the same season and year (so that no yearly or seasonal count
        moves)."""
        counted = {s for s, _c, _n in self.headcounts}
        for sessions in sched.sessions.values():
            held = [s for s in sessions if s.status != Session.Status.CANCELLED]
            for session in held:
                if self.marks[session] or session in counted:
                    continue
                same_period = [
                    s for s in held if s.date.year == session.date.year
                    and season_of(s.date) == season_of(session.date)
                ]
                people = list({id(p): p for s in same_period
                               for p in self.marks[s].values()}.values())
                if people:
                    self.mark(session, self.rng.choice(people))

    # -- writing -----------------------------------------------------------------------
    def write(self, population: Population) -> None:
        for session, people in self.marks.items():
            for person in people.values():
                if person.first_seen is None or session.date < person.first_seen:
                    person.first_seen = session.date
                if person.household is not None:
                    person.household.seasons.add(season_of(session.date))
        population.write(schools={
            key: self.ref.partners[key]
            for key in ("brunschvicg", "roland", "cornette", "dupleix", "desrumaux")
        })
        Attendance.objects.bulk_create(
            [
                Attendance(session_id=session.id, person_id=person.id)
                for session, people in self.marks.items() for person in people.values()
            ],
            batch_size=2000,
        )
        SessionContributor.objects.bulk_create(
            [
                SessionContributor(session_id=session.id, contributor=self.ref.team[key])
                for session, keys in self.presences.items() for key in sorted(keys)
            ],
            batch_size=2000,
        )
        Headcount.objects.bulk_create(
            [Headcount(session_id=s.id, category=c, count=n) for s, c, n in self.headcounts]
        )
        # Every session of 2018-2020 that was not cancelled took place.
        Session.objects.exclude(status=Session.Status.CANCELLED).update(
            status=Session.Status.HELD
        )
        _fix_timestamps(population)


def _fix_timestamps(population: Population) -> None:
    """Record times follow the story (not the moment the demo was built): deterministic."""

    def at(day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))

    def household_first(household: PHousehold | None) -> dt.date:
        seen = [m.first_seen for m in household.members if m.first_seen] if household else []
        return min(seen, default=D(2018, 9, 1))

    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for person in population.persons:
        by_day[person.first_seen or household_first(person.household)].append(person.id)
    for day, ids in sorted(by_day.items()):
        Person.objects.filter(id__in=ids).update(
            created_at=at(day, 9)
        )
    by_day = defaultdict(list)
    for household in population.households:
        by_day[household_first(household)].append(household.id)
    for day, ids in sorted(by_day.items()):
        Household.objects.filter(id__in=ids).update(
            created_at=at(day, 9)
        )
    for day in Session.objects.filter(attendances__isnull=False).values_list(
        "date", flat=True
    ).distinct():
        Attendance.objects.filter(session__date=day).update(
            recorded_at=at(day, 19)
        )


# -- families taking part ------------------------------------------------------------------

def take(pop: Population, household: PHousehold, *, kids: int, ages: tuple[int, int],
         on: dt.date, until: dt.date, mother: bool = True, father: bool = False,
         other: bool = False) -> list[PPerson]:
    """The members of a family who come to an atelier, adding members the family lacks.

    Children must be within ``ages`` on every day of [on, until]; reused families get a
    younger or older child when none of theirs fits.
    """
    people: list[PPerson] = []
    if mother:
        person = household.mother() or pop._person(
            household, sex=Person.Sex.FEMALE, role=Person.HouseholdRole.PARENT,
            birth=pop.birth_for_ages(27, 45, on))
        people.append(person)
    if father:
        person = household.father() or pop._person(
            household, sex=Person.Sex.MALE, role=Person.HouseholdRole.PARENT,
            birth=pop.birth_for_ages(28, 48, on))
        people.append(person)
    if other:
        person = household.others()[0] if household.others() else pop._person(
            household, sex=Person.Sex.FEMALE, role=Person.HouseholdRole.OTHER,
            birth=pop.birth_for_ages(55, 72, on))
        people.append(person)
    fitting = [c for c in household.children()
               if c.age(on) >= ages[0] and c.age(until) <= ages[1]]
    chosen = fitting[:kids]
    while len(chosen) < kids:
        chosen.append(pop.add_child(household, ages=ages, on=on, until=until))
    household.update_composition()
    return people + chosen


def new_family(pop: Population, *, kids: int, ages: tuple[int, int], on: dt.date,
               until: dt.date, mother: bool = True, father: bool = False,
               other: bool = False, tag: str = "") -> tuple[PHousehold, list[PPerson]]:
    household = pop.family(children=[ages] * kids, on=on, until=until, mother=mother or not
                           father, father=father, other_adult=other)
    if tag:
        household.tags.add(tag)
    members = [m for m in household.members
               if (m.role == Person.HouseholdRole.PARENT and (
                   (m.sex == Person.Sex.FEMALE and mother) or (m.sex == Person.Sex.MALE
                                                                and father)))
               or m.role != Person.HouseholdRole.PARENT]
    return household, members


def pick(rng: random.Random, households: list[PHousehold], n: int, *, exclude_tags=(),
         used: set[int] | None = None) -> list[PHousehold]:
    candidates = [h for h in households if not (h.tags & set(exclude_tags))
                  and (used is None or id(h) not in used)]
    chosen = rng.sample(candidates, n)
    if used is not None:
        used.update(id(h) for h in chosen)
    return chosen


# -- CLAS ------------------------------------------------------------------------------------

NEXT_LEVEL = {"GS": "CP", "CP": "CE1", "CE1": "CE2", "CE2": "CM1", "CM1": "CM2", "CM2": "6e"}
PREVIOUS_LEVEL = {value: key for key, value in NEXT_LEVEL.items()}
BIRTH_YEAR_IN_2019 = {"GS": 2014, "CP": 2013, "CE1": 2012, "CE2": 2011, "CM1": 2010,
                      "CM2": 2009}
SCHOOLS = {"B": "brunschvicg", "R": "roland", "C": "cornette", "D": "dupleix"}

# The 24 children of the first half of 2020 (school year 2019-2020): school, class, and
# whether they still come after September. Spring: Dupleix 5, Cornette 5, Roland 2,
# Brunschvicg 12; CM2 5, CM1 6, CE2 2, CE1 3, CP 8. The CM2 pupils leave for the collège.
CLAS_SPRING_2020 = [
    ("C", "CM2", False), ("C", "CM2", False), ("D", "CM2", False), ("B", "CM2", False),
    ("B", "CM2", False), ("C", "CM1", False), ("D", "CM1", False), ("B", "CM1", False),
    ("C", "CE1", False), ("B", "CP", False),
    ("B", "CM1", True), ("B", "CM1", True), ("D", "CM1", True), ("B", "CE2", True),
    ("R", "CE2", True), ("B", "CE1", True), ("C", "CE1", True), ("B", "CP", True),
    ("B", "CP", True), ("B", "CP", True), ("B", "CP", True), ("D", "CP", True),
    ("D", "CP", True), ("R", "CP", True),
]
# Families registered in September 2020 (school year 2020-2021). With the 14 children who
# go on (one class up), autumn gives Dupleix 6, Cornette 1, Roland 4, Brunschvicg 13;
# CM2 4, CM1 2, CE2 3, CE1 11, CP 4.
CLAS_NEW_AUTUMN_2020 = [
    ("D", "CM2"), ("R", "CE2"), ("B", "CE1"), ("B", "CE1"), ("D", "CE1"), ("R", "CE1"),
    ("B", "CP"), ("B", "CP"), ("B", "CP"), ("D", "CP"),
]


def _clas_group(school: str) -> str:
    return "clas_cd" if school in ("C", "D") else "clas_br"


def _clas_family(pop: Population, birth_year: int, tag: str) -> tuple[PHousehold, PPerson]:
    rng = pop.rng
    household = pop.family(children=[], on=D(2020, 1, 6), mother=True,
                           father=rng.random() < 0.45,
                           qpv=rng.random() < 0.7)
    household.composition = (Household.Composition.COUPLE_WITH_CHILDREN if household.father()
                             else Household.Composition.SINGLE_PARENT)
    household.tags.add(tag)
    child = pop._person(household, sex=rng.choice([Person.Sex.FEMALE, Person.Sex.MALE]),
                        role=Person.HouseholdRole.CHILD,
                        birth=pop.birth_between(D(birth_year, 1, 1), D(birth_year, 12, 31)))
    for _ in range(rng.choice([0, 1, 1, 2])):
        pop.add_child(household, ages=(0, 14), on=D(2020, 1, 6))
    return household, child


def build_clas(plan: Plan, pop: Population, sched: Schedule) -> list[PHousehold]:
    rng = plan.rng
    households = []
    spring, autumn, early_2019 = [], [], []
    for number, (school, level, goes_on) in enumerate(CLAS_SPRING_2020):
        household, child = _clas_family(pop, BIRTH_YEAR_IN_2019[level], "clas")
        households.append(household)
        pop.enrol(child, 2019, SCHOOLS[school], level)
        if level != "CP":
            pop.enrol(child, 2018, SCHOOLS[school], PREVIOUS_LEVEL[level])
            if number % 4 != 0:
                early_2019.append((school, child))
        else:
            pop.enrol(child, 2018, SCHOOLS[school], "GS")
        if level == "CM2":
            pop.enrol(child, 2020, "desrumaux", "6e")
        else:
            pop.enrol(child, 2020, SCHOOLS[school], NEXT_LEVEL[level])
        spring.append((school, child))
        if goes_on:
            autumn.append((school, child))
    for school, level in CLAS_NEW_AUTUMN_2020:
        year = BIRTH_YEAR_IN_2019[level] + 1
        household, child = _clas_family(pop, year, "clas_new")
        households.append(household)
        pop.enrol(child, 2020, SCHOOLS[school], level)
        pop.enrol(child, 2019, SCHOOLS[school], PREVIOUS_LEVEL[level])
        autumn.append((school, child))
    # Pupils of CM2 in 2018-2019 who came in the spring of 2019 only.
    for school in ("B", "B", "D", "C", "R", "C"):
        household, child = _clas_family(pop, 2008, "clas_2019")
        households.append(household)
        pop.enrol(child, 2018, SCHOOLS[school], "CM2")
        pop.enrol(child, 2019, "desrumaux", "6e")
        early_2019.append((school, child))

    def attend(children, start, end, rate):
        for key in ("clas_cd", "clas_br"):
            group = [c for s, c in children if _clas_group(s) == key]
            plan.group(sched.held(key, start, end), group, rate)

    attend(early_2019, D(2019, 1, 1), D(2019, 7, 31), 0.75)
    # Two CP pupils of the spring join in January 2020 only.
    attend([sc for sc in spring if sc[1] not in (spring[17][1], spring[18][1])],
           D(2019, 9, 1), D(2019, 12, 31), 0.75)
    attend(spring, D(2020, 1, 1), D(2020, 3, 16), 0.8)
    # June 2020: one to three children at a time, welcomed for their homework.
    for key in ("clas_cd", "clas_br"):
        group = [c for s, c in spring if _clas_group(s) == key]
        for session in sched.held(key, D(2020, 6, 1), D(2020, 7, 3)):
            plan.mark(session, *rng.sample(group, rng.randint(1, 3)))
    attend(autumn, D(2020, 9, 1), D(2020, 12, 31), 0.8)
    for key, volunteers in (("clas_cd", ("clas_v1", "clas_v2")),
                            ("clas_br", ("clas_v3", "clas_v4", "clas_v5"))):
        sessions = sched.held(key)
        plan.team(sessions, "animateur_clas")
        plan.team(sessions, volunteers[0], rate=0.85)
        plan.team(sessions, *volunteers[1:], rate=0.7)
    return households


# -- Ateliers Parents/Enfants -------------------------------------------------------------

def build_parents_children(plan: Plan, pop: Population, sched: Schedule,
                           clas: list[PHousehold]) -> None:
    rng = plan.rng
    first_half = [h for h in clas if "clas" in h.tags]  # a child at the CLAS in spring 2020
    new_in_september = [h for h in clas if "clas_new" in h.tags]
    year = (D(2020, 1, 1), D(2020, 12, 31))
    early = (D(2020, 1, 1), D(2020, 3, 16))
    late = (D(2020, 7, 1), D(2020, 12, 31))
    autumn = (D(2020, 9, 1), D(2020, 12, 31))

    # Expression corporelle 2020: 66 persons of 19 families, 5 fathers coming regularly
    # (at least half of the sessions). Some families stop after March, four new ones come
    # from the summer (young couples whose fathers bring the children).
    sessions = sched.held("corporelle", *year)
    ec_all, ec_early, ec_new = [], [], []
    for number, household in enumerate(pick(rng, first_half, 4)):
        ec_all.append(take(pop, household, kids=2, ages=(2, 10), on=year[0], until=year[1],
                           father=number < 2))
    while len(ec_all) < 10:
        number = len(ec_all)
        household, members = new_family(pop, kids=3 if number < 8 else 2, ages=(1, 8),
                                        on=year[0], until=year[1], father=number == 4)
        ec_all.append(members)
    for _ in range(5):
        ec_early.append(new_family(pop, kids=2, ages=(1, 8), on=year[0], until=year[1])[1])
    for number in range(3):
        ec_new.append(new_family(pop, kids=2, ages=(0, 3), on=late[0], until=year[1],
                                 father=number < 2, tag="newcomer")[1])
    ec_new.append(take(pop, new_in_september[0], kids=2, ages=(2, 10), on=autumn[0],
                       until=year[1]))
    regular = [m for m in ec_all if any(p.is_father for p in m)]
    plan.households(sessions, regular, 0.85, at_least=8)
    plan.households(sessions, [m for m in ec_all if m not in regular], 0.6)
    plan.households(sched.held("corporelle", *early), ec_early, 0.6)
    plan.households(sched.held("corporelle", *late), ec_new[:3], 0.9, at_least=7)
    plan.households(sched.held("corporelle", *autumn), ec_new[3:], 0.6)

    # Atelier cirque 2020: 57 persons (adults and children) of 16 families, 3 fathers,
    # children aged 7 to 10 (2 children in 14 families, 1 in 2; 8 families bring a
    # grandmother or an aunt).
    sessions = sched.held("cirque", *year)
    groups = []
    reused = pick(rng, first_half, 4)
    for number in range(16):
        kwargs = {"kids": 2 if number < 14 else 1, "ages": (7, 10), "on": sessions[0].date,
                  "until": sessions[-1].date, "father": number in (1, 6, 11),
                  "other": number % 2 == 0}
        if number < 4:
            groups.append(take(pop, reused[number], **kwargs))
        else:
            groups.append(new_family(pop, tag="newcomer" if number >= 11 else "", **kwargs)[1])
    winter, july, october = sessions[0], sessions[1:4], sessions[4]
    for number, members in enumerate(groups):
        if number < 11 and number % 3 == 0:
            plan.mark(winter, *members)
        if number % 3 != 0 or number >= 11:
            for session in rng.sample(july, rng.randint(1, 2)):
                plan.mark(session, *members)
        if number % 4 == 1 or number == 3:
            plan.mark(october, *members)

    # Éveil aux livres 2020: 27 parents and 41 children under 6 (24 families, 3 of which
    # come with both parents); 6 families met outside in July come for the first time.
    sessions = sched.held("livres", *year)
    on, until = sessions[0].date, sessions[-1].date
    groups = []
    for household in pick(rng, first_half, 3):
        groups.append(take(pop, household, kids=1, ages=(0, 5), on=on, until=until))
    for number in range(3, 24):
        groups.append(new_family(pop, kids=2 if number < 20 else 1, ages=(0, 5), on=on,
                                 until=until, father=number in (5, 9, 13),
                                 tag="newcomer" if number >= 18 else "")[1])
    winter = [s for s in sessions if s.date <= early[1]]
    summer = [s for s in sessions if s.date >= late[0]]
    plan.households(winter, groups[:18], 0.55)
    plan.households(summer, groups[18:], 0.6)
    plan.households(summer, groups[10:14], 0.5, at_least=0)

    # Expression musicale 2020: 25 children and 19 parents of 18 families, 5 fathers (4 of
    # them come without the mother); most children are 6 to 9.
    sessions = sched.held("musicale", *year)
    on, until = sessions[0].date, sessions[-1].date
    groups = []
    reused = pick(rng, first_half, 5)
    for number in range(18):
        kwargs = {"kids": 2 if number < 7 else 1,
                  "ages": (6, 9) if number < 9 or number % 2 else (3, 5),
                  "on": on, "until": until, "father": number in (0, 3, 8, 12, 15),
                  "mother": number not in (3, 8, 12, 15)}
        if number < 5:
            groups.append(take(pop, reused[number], **kwargs))
        else:
            groups.append(new_family(pop, tag="newcomer" if number >= 15 else "",
                                     **kwargs)[1])
    in_centre = [s for s in sessions if not s.place.is_outreach]
    outside = [s for s in sessions if s.place.is_outreach]
    plan.households(in_centre, groups[:15], 0.45)
    plan.households(outside, groups[15:], 0.7)
    plan.households(outside, groups[:15], 0.15, at_least=0)

    # Après-midi récréatifs 2020: "80 personnes (adultes et enfants), soit 13 familles",
    # read as 80 attendances (passages) by members of 13 families, 2 fathers; most of these
    # families have a child at the CLAS (two registered there in September).
    sessions = sched.held("recreatifs", *year)
    groups = []
    for number, household in enumerate(pick(rng, first_half, 6)):
        groups.append(take(pop, household, kids=rng.randint(1, 2), ages=(2, 11),
                           on=year[0], until=year[1], father=number == 0))
    for household in new_in_september[1:3]:
        groups.append(take(pop, household, kids=1, ages=(2, 11), on=autumn[0],
                           until=year[1]))
    for number in range(5):
        groups.append(new_family(pop, kids=rng.randint(1, 3), ages=(2, 11), on=year[0],
                                 until=year[1], father=number == 0)[1])
    after = [s for s in sessions if s.date >= autumn[0]]
    plan.households(sessions, groups[:6] + groups[8:], 0.3)
    plan.households(after, groups[6:8], 0.5)
    everyone = [p for members in groups for p in members]
    september = {id(p) for members in groups[6:8] for p in members}
    adjust_total(plan, sessions, everyone, 80,
                 allowed=lambda s, p: s in after or id(p) not in september)

    # 2019, an ordinary year: the families of early 2020 and a few others.
    _parents_children_2019(plan, pop, sched, first_half, ec_all + ec_early)
    for key in ("corporelle", "cirque", "musicale"):
        plan.team(sched.held(key), "referente_famille",
                  {"corporelle": "corporel", "cirque": "cirque", "musicale": "musique"}[key])
    plan.team(sched.held("livres"), "livres_v1", "livres_v2")
    plan.team(sched.held("livres"), "referente_famille", rate=0.5)
    plan.team(sched.held("recreatifs"), "referente_famille", "animateur_clas")


def adjust_total(plan: Plan, sessions: list[Session], people: list[PPerson], target: int,
                 allowed, minimum: int = 6) -> None:
    """Add or remove single marks of ``people`` until the sessions total ``target``
    attendances, keeping at least ``minimum`` persons per session and never removing a
    person's last attendance."""
    rng = plan.rng
    counted = {id(p) for p in people}

    def size(session):
        return sum(1 for key in plan.marks[session] if key in counted)

    def total():
        return sum(size(s) for s in sessions)

    def add_one(candidates_sessions):
        candidates = [(s, p) for s in candidates_sessions for p in people
                      if id(p) not in plan.marks[s] and allowed(s, p)]
        plan.mark(*rng.choice(candidates))

    for session in sessions:
        while size(session) < minimum:
            add_one([session])
    while total() > target:
        candidates = [(s, p) for s in sessions if size(s) > minimum
                      for p in plan.marks[s].values()
                      if id(p) in counted and plan.attended(p, sessions) > 1]
        plan.unmark(*rng.choice(candidates))
    while total() < target:
        smallest = min(size(s) for s in sessions)
        add_one([s for s in sessions if size(s) == smallest])


def _parents_children_2019(plan: Plan, pop: Population, sched: Schedule,
                           clas: list[PHousehold], families: list[list[PPerson]]) -> None:
    rng = plan.rng
    year = (D(2019, 1, 1), D(2019, 12, 31))
    plan.households(sched.held("corporelle", *year), families[:10], 0.45)
    extra = [new_family(pop, kids=2, ages=(1, 8), on=year[0], until=year[1],
                        father=n == 0)[1] for n in range(6)]
    plan.households(sched.held("corporelle", *year), extra, 0.4)
    for key, ages in (("cirque", (7, 10)), ("musicale", (4, 9)), ("livres", (0, 5)),
                      ("recreatifs", (2, 11))):
        sessions = sched.held(key, *year)
        groups = [take(pop, h, kids=1, ages=ages, on=year[0], until=year[1])
                  for h in rng.sample(clas, 4)]
        groups += [new_family(pop, kids=rng.randint(1, 2), ages=ages, on=year[0],
                              until=year[1], father=rng.random() < 0.2)[1]
                   for _ in range(8)]
        plan.households(sessions, groups, 0.3 if len(sessions) > 8 else 0.45)


def build_attendance(ref: Reference, activities: dict[str, Activity],
                     rng: random.Random) -> Population:
    """Plan and write the public of every atelier; return the population (written, with
    ids), from which the desk and the follow-up draw some of their persons."""
    from tisserand.demo.publics import build_other_publics

    pop = Population(rng)
    plan = Plan(ref, rng)
    sched = Schedule(activities)
    clas = build_clas(plan, pop, sched)
    build_parents_children(plan, pop, sched, clas)
    build_other_publics(plan, pop, sched, clas)
    plan.fill_empty(sched)
    plan.write(pop)
    return pop
