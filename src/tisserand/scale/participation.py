"""Who comes to the ateliers: regular groups for each school year, and occasional visitors.

Each atelier has a group of regulars per season (September to August), half of whom stay
on the next season if their age still fits; each regular has their own assiduity, and some
join late or leave during the year. Most attendances come from them. Occasional visitors
are drawn at each session from everyone of the right age: a long tail of persons seen once
or twice. The family outings take families (a parent or two and the young children).
Nobody comes before birth, twice to a session, or to two places at once (``Busy``); a
cancelled session or an open event (counted, not named) has no attendance.

The children of the CLAS get their schooling for the school year (school and class from
their year of birth), the households that came during a season its membership, and the
team of each atelier its presences (staff almost always, volunteers two times in three).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from itertools import accumulate

from tisserand.activities.models import Session
from tisserand.core.calendar import age_on
from tisserand.core.periods import season_of
from tisserand.people.models import SchoolLevel
from tisserand.scale.plan import Busy, PHousehold, PPerson, minutes, poisson, scaled
from tisserand.scale.programme import PActivity, PSession
from tisserand.scale.reference import V, X

HELD = Session.Status.HELD
LEVELS = {3: SchoolLevel.PS, 4: SchoolLevel.MS, 5: SchoolLevel.GS, 6: SchoolLevel.CP,
          7: SchoolLevel.CE1, 8: SchoolLevel.CE2, 9: SchoolLevel.CM1, 10: SchoolLevel.CM2,
          11: SchoolLevel.SIXIEME, 12: SchoolLevel.CINQUIEME, 13: SchoolLevel.QUATRIEME,
          14: SchoolLevel.TROISIEME}
FAMILY_CHILD_MAX_AGE = 10


@dataclass(eq=False, slots=True)
class Regular:
    who: PPerson | PHousehold
    presence: float
    joins: dt.date
    leaves: dt.date


@dataclass
class Participation:
    attendances: list[tuple[PSession, PPerson]]
    presences: list[tuple[PSession, str]]  # (session, contributor key)
    enrollments: list[tuple[PPerson, int, str, int | None, str]]  # school kind, index, level


class ParticipationPlanner:
    def __init__(self, rng: random.Random, persons: list[PPerson],
                 households: list[PHousehold], busy: Busy, factor: float):
        self.rng = rng
        self.persons = persons
        self.households = households
        self.busy = busy
        self.factor = factor  # group sizes: 1 from N = 1, smaller below
        self.result = Participation([], [], [])
        self._pools: dict[tuple, list] = {}
        self._taken: dict[tuple[str, int], set[int]] = {}  # (kind, season) -> indexes
        self._weights: dict[tuple[bool, int], float] = {}
        self._came: set[int] = set()  # persons present at the atelier this season

    def plan(self, activities: list[PActivity], sessions: list[PSession],
             team_starts: dict[str, dt.date | None]) -> Participation:
        by_activity: dict[int, dict[int, list[PSession]]] = {}
        for session in sessions:
            if session.status == HELD:
                self._team(session, team_starts)
                if not session.event:
                    seasons = by_activity.setdefault(session.activity.index, {})
                    seasons.setdefault(session.season, []).append(session)
        for activity in activities:
            previous: list[Regular] = []
            for season, held in sorted(by_activity.get(activity.index, {}).items()):
                group = self._group(activity, season, previous, held[0].date)
                self._came = set()
                for session in held:
                    self._session(activity, session, group)
                if activity.kind.key == "clas":
                    self._enrol(activity, season, group)
                previous = group
        return self.result

    # -- who is eligible ---------------------------------------------------------------
    def _pool(self, activity: PActivity, season: int) -> tuple[list, list[float]]:
        """Persons of the atelier's ages on 1 September (families for the outings), with
        the cumulated weights of their drawing as occasional visitors."""
        ages = activity.kind.ages
        key = (ages, season)
        if key not in self._pools:
            day = dt.date(season, 9, 1)
            if ages is None:
                members = [h for h in self.households if self._family_fits(h, day)]
            else:
                members = [p for p in self.persons if ages[0] <= age_on(p.birth, day) <= ages[1]]
            self._pools[key] = (members, list(accumulate(self._propensity(w) for w in members)))
        return self._pools[key]

    def _propensity(self, who) -> float:
        """How readily someone drops in: heavy-tailed, so that most occasional visitors
        come once or twice and a few come often."""
        key = (type(who) is PHousehold, who.index)
        if key not in self._weights:
            self._weights[key] = self.rng.paretovariate(1.3)
        return self._weights[key]

    @staticmethod
    def _family_fits(household: PHousehold, day: dt.date) -> bool:
        return bool(household.parents()) and any(
            0 <= age_on(c.birth, day) <= FAMILY_CHILD_MAX_AGE for c in household.children())

    # -- the regular group of a season -------------------------------------------------
    def _group(self, activity: PActivity, season: int, previous: list[Regular],
               first_day: dt.date) -> list[Regular]:
        rng, kind = self.rng, activity.kind
        pool, _weights = self._pool(activity, season)
        taken = self._taken.setdefault((kind.key, season), set())
        eligible = {id(who) for who in pool}
        size = min(scaled(rng, kind.regulars * self.factor), len(pool))
        chosen = [r.who for r in previous
                  if id(r.who) in eligible and r.who.index not in taken and rng.random() < 0.5]
        chosen = chosen[:size]
        free = [who for who in pool if who.index not in taken]
        for who in rng.sample(free, min(len(free), size * 3)):
            if len(chosen) >= size:
                break
            if who not in chosen:
                chosen.append(who)
        start, end = dt.date(season, 9, 1), dt.date(season + 1, 8, 31)
        group = []
        for who in chosen:
            taken.add(who.index)
            presence = min(0.97, max(0.25, kind.presence + rng.uniform(-0.2, 0.15)))
            joins, leaves = start, end
            if rng.random() < 0.2:  # arrives during the year
                joins = start + dt.timedelta(days=rng.randint(30, 200))
            if rng.random() < 0.12:  # stops during the year
                leaves = max(joins, start) + dt.timedelta(days=rng.randint(40, 220))
            group.append(Regular(who, presence, max(joins, first_day), leaves))
        return group

    # -- one session -------------------------------------------------------------------
    def _session(self, activity: PActivity, session: PSession, group: list[Regular]) -> None:
        rng, day = self.rng, session.date
        span = (minutes(session.start), minutes(session.end))
        present: set[int] = set()
        families = activity.kind.ages is None
        for regular in group:
            if regular.joins <= day <= regular.leaves and rng.random() < regular.presence:
                self._come(session, regular.who, span, present, families)
        pool, weights = self._pool(activity, session.season)
        visitors = poisson(rng, activity.kind.drop_ins * self.factor)
        if visitors and pool:
            for who in rng.choices(pool, cum_weights=weights, k=visitors):
                self._come(session, who, span, present, families)

    def _come(self, session: PSession, who, span, present: set[int], families: bool) -> None:
        if families:
            for person in self._family_members(who, session.date):
                self._attend(session, person, span, present)
        else:
            self._attend(session, who, span, present)

    def _family_members(self, household: PHousehold, day: dt.date) -> list[PPerson]:
        rng = self.rng
        children = [c for c in household.children()
                    if c.birth <= day and age_on(c.birth, day) <= FAMILY_CHILD_MAX_AGE
                    and rng.random() < 0.9]
        parents = household.parents()
        adults = [p for p in parents if rng.random() < (0.9 if p.sex == "F" else 0.35)]
        if children and not adults:
            adults = parents[:1]
        return adults + children if children else []

    def _attend(self, session: PSession, person: PPerson, span, present: set[int]) -> None:
        day = session.date
        if person.index in present or person.birth >= day:
            return
        if not self.busy.free(person, day, *span):
            return
        present.add(person.index)
        self._came.add(person.index)
        self.busy.take(person, day, *span)
        self.result.attendances.append((session, person))
        person.seen(day)
        seasons = person.household.seasons
        season = season_of(day)
        if season not in seasons or day < seasons[season]:
            seasons[season] = day

    # -- team and schooling ------------------------------------------------------------
    def _team(self, session: PSession, starts: dict[str, dt.date | None]) -> None:
        rng = self.rng
        for plan in session.activity.team:
            start = starts.get(plan.key)
            if start and start > session.date:
                continue
            chance = 0.65 if plan.kind == V else (1.0 if plan.kind == X else 0.93)
            if rng.random() < chance:
                self.result.presences.append((session, plan.key))
        if session.event or session.activity.kind.key == "familles":
            self.result.presences.append((session, "referente_familles"))

    def _enrol(self, activity: PActivity, season: int, group: list[Regular]) -> None:
        college = activity.kind.ages[0] >= 11
        for regular in group:
            child = regular.who
            if child.index not in self._came:
                continue  # in the group on paper, never came before the period ended
            level = LEVELS.get(season - child.birth.year)
            if self.rng.random() < 0.05:  # schooling not recorded for this child
                school = None
            else:
                school = child.household.college if college else child.household.primary_school
            self.result.enrollments.append(
                (child, season, "college" if college else "primary", school, level or "")
            )
