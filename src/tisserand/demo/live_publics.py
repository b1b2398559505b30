"""Who comes to the ateliers of the live season (``demo.live_season``), up to yesterday.

Each atelier has its regulars, chosen first among the inhabitants of the 2019-2020 history
who have the right age now (the toddlers of the Éveil aux livres are at the CLAS today),
then among families met this season; a few newcomers join during the season. The regulars
are one list per atelier (``season_regulars``), so that enrolling them is a loop over it.
Rows are written in bulk, as in ``demo.attendance``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from tisserand.activities.models import (
    Activity,
    Attendance,
    Enrolment,
    Session,
    SessionContributor,
)
from tisserand.demo.attendance import BIRTH_YEAR_IN_2019, Plan, new_family
from tisserand.demo.centre import Reference
from tisserand.demo.desks import stamp_creation
from tisserand.demo.live_season import CONTINUED, LiveSeason
from tisserand.demo.population import CHILD, Population, PPerson
from tisserand.demo.programme import ACTIONS
from tisserand.people.models import Membership, SchoolEnrollment

OLDEST = 85  # ateliers without an upper age


@dataclass(frozen=True)
class Public:
    regulars: int  # groups coming all season
    rate: float  # chance that a regular comes to a given session
    newcomers: int  # groups joining during the season
    families: bool = False  # a child comes with their mother (ateliers Parents/Enfants)
    ages: tuple[int, int] | None = None  # when narrower than the atelier's own range


PUBLICS = {
    # The CLAS takes primary pupils, CP to CM2: 6 to 10 all school year long.
    "clas_cd": Public(10, 0.8, 2, ages=(6, 10)), "clas_br": Public(14, 0.8, 2, ages=(6, 10)),
    "livres": Public(7, 0.6, 2, families=True), "corporelle": Public(8, 0.7, 2, families=True),
    "musicale": Public(7, 0.6, 2, families=True), "recreatifs": Public(6, 0.5, 3, families=True),
    "gym": Public(8, 0.85, 1), "sport_elles": Public(10, 0.6, 3), "cuisine": Public(7, 0.7, 2),
    "alma": Public(14, 0.5, 4), "numerique": Public(6, 0.6, 4), "futsal": Public(14, 0.6, 3),
    "code": Public(8, 0.8, 1), "intergen": Public(6, 0.8, 0), "francais": Public(12, 0.75, 3),
    "danse_78_lun": Public(8, 0.85, 1), "danse_910": Public(8, 0.85, 1),
    "danse_adultes_lun1": Public(10, 0.8, 1), "danse_adultes_lun2": Public(9, 0.8, 1),
    "danse_34": Public(8, 0.8, 1), "danse_56": Public(8, 0.85, 1),
    "danse_seniors": Public(10, 0.85, 1), "danse_78_mer": Public(8, 0.85, 1),
    "danse_ados": Public(8, 0.8, 1), "danse_adultes_mer": Public(10, 0.8, 1),
}
assert set(PUBLICS) == set(CONTINUED)
# Part of the regulars drawn from the history's inhabitants, when enough have the age.
KNOWN_SHARE = 0.6
CLAS_SCHOOLS = {"clas_cd": ("cornette", "dupleix"), "clas_br": ("brunschvicg", "roland")}
LEVEL_BY_AGE_AT_RENTREE = {
    2019 - year: level for level, year in BIRTH_YEAR_IN_2019.items() if level != "GS"
}
TEAM = {item["key"]: item["team"] for spec in ACTIONS for item in spec["ateliers"]}

Group = list[PPerson]  # persons who come together: one person, or a mother and her child


def season_regulars(live: LiveSeason, activities: dict[str, Activity],
                    population: Population) -> dict[str, list[Group]]:
    """The regulars of every continued atelier this season, by atelier key.

    Enrolling them (once enrolments exist) is one enrolment per person of each group."""
    rng = live.rng
    regulars: dict[str, list[Group]] = {}
    for key, public in PUBLICS.items():
        ages = _ages(activities[key], public)
        known = _known_groups(live, population, ages, public.families)
        take = min(len(known), round(public.regulars * KNOWN_SHARE))
        groups = rng.sample(known, take)
        while len(groups) < public.regulars:
            groups.append(_new_group(live, ages, public.families, live.period.start))
        regulars[key] = groups
    return regulars


def _ages(activity: Activity, public: Public) -> tuple[int, int]:
    return public.ages or (activity.min_age or 0, activity.max_age or OLDEST)


def _known_groups(live: LiveSeason, population: Population, ages: tuple[int, int],
                  families: bool) -> list[Group]:
    first, last = live.period.start, live.school_year_end
    fitting = [p for p in population.persons
               if p.id and p.age(first) >= ages[0] and p.age(last) <= ages[1]]
    if ages[1] >= 18:
        # Adult ateliers: adults only, even when the age range starts lower.
        return [[p] for p in fitting if p.role != CHILD or p.age(first) >= 18]
    if not families:
        return [[p] for p in fitting if p.role == CHILD]
    return [[p.household.mother(), p] for p in fitting
            if p.role == CHILD and p.household and p.household.mother()
            and p.household.mother().id]


def _new_group(live: LiveSeason, ages: tuple[int, int], families: bool, on: dt.date) -> Group:
    pop, until = live.newcomers, live.school_year_end
    if families:
        return new_family(pop, kids=1, ages=ages, on=on, until=until)[1]
    if ages[1] < 18:
        return [pop.youth(ages=ages, on=on, until=until)]
    sex = pop.rng.choice(["F", "F", "M"])
    return [pop.adult(sex=sex, ages=(max(ages[0], 18), ages[1]), on=on,
                      alone=pop.rng.random() < 0.5)]


def build_live_attendance(live: LiveSeason, ref: Reference, activities: dict[str, Activity],
                          population: Population) -> None:
    rng = live.rng
    plan = Plan(ref, rng)
    regulars = season_regulars(live, activities, population)
    held_by_activity: dict[int, list[Session]] = defaultdict(list)
    for session in live.sessions(past=True):
        if session.status != Session.Status.CANCELLED:
            held_by_activity[session.activity_id].append(session)
    clas_children = []
    for key, public in PUBLICS.items():
        activity = activities[key]
        held = held_by_activity[activity.id]
        plan.households(held, regulars[key], public.rate, at_least=min(len(held), 1))
        newcomers = []  # walk-ins who join during the season (not regulars)
        for _number in range(public.newcomers if held else 0):
            start = rng.randrange(len(held))
            group = _new_group(live, _ages(activity, public), public.families, held[start].date)
            newcomers.append(group)
            plan.households(held[start:], [group], public.rate * 0.7)
        for session in held:  # a session nobody came to would not have been held
            if not plan.marks[session]:
                plan.mark(session, *rng.choice(regulars[key]))
        plan.team(held, *TEAM[key][:2])
        plan.team(held, *TEAM[key][2:], rate=0.7)
        if key in CLAS_SCHOOLS:
            clas_children += [(key, p) for group in regulars[key] + newcomers for p in group
                              if p.role == CHILD]
    _write(live, ref, plan, clas_children)
    _enrol_regulars(live, activities, regulars)


def _enrol_regulars(live: LiveSeason, activities: dict[str, Activity],
                    regulars: dict[str, list[Group]]) -> None:
    """The season's regulars were enrolled in September, up to the atelier's places; a
    full atelier has the regulars it could not take on its waiting list."""
    rng = live.rng
    season = live.period.start.year
    rows = []
    for key in PUBLICS:
        activity = activities[key]
        persons = list({p.id: p for group in regulars[key] for p in group if p.id}.values())
        for rank, person in enumerate(persons):
            day = live.period.start + dt.timedelta(days=rng.randint(0, 20))
            full = activity.capacity is not None and rank >= activity.capacity
            rows.append(Enrolment(
                activity=activity, person_id=person.id, season=season,
                enrolled_on=min(day, live.today),
                status=Enrolment.Status.WAITING if full else Enrolment.Status.ENROLLED,
                waiting_position=rank - activity.capacity + 1 if full else None,
            ))
    Enrolment.objects.bulk_create(rows, batch_size=1000)


def _write(live: LiveSeason, ref: Reference, plan: Plan,
           clas_children: list[tuple[str, PPerson]]) -> None:
    season = live.period.start.year
    seen: dict[int, PPerson] = {}
    for session, people in plan.marks.items():
        for person in people.values():
            seen[id(person)] = person
            if person.id is None and (person.first_seen is None
                                      or session.date < person.first_seen):
                person.first_seen = session.date
    for household in live.newcomers.households:
        household.seasons.add(season)
        # Members who do not come (a youth's mother) were met with the first who came.
        met = min((m.first_seen for m in household.members if m.first_seen),
                  default=live.period.start)
        for member in household.members:
            member.first_seen = member.first_seen or met
    live.newcomers.write(schools={}, quotient_years=(season, season + 1))
    stamp_creation(live.newcomers)
    Attendance.objects.bulk_create(
        [Attendance(session_id=session.id, person_id=person.id)
         for session, people in plan.marks.items() for person in people.values()],
        batch_size=2000,
    )
    SessionContributor.objects.bulk_create(
        [SessionContributor(session_id=session.id, contributor=ref.team[key])
         for session, keys in plan.presences.items() for key in sorted(keys)],
        batch_size=2000,
    )
    Session.objects.filter(
        date__range=(live.period.start, live.yesterday)
    ).exclude(status=Session.Status.CANCELLED).update(status=Session.Status.HELD)
    _recorded_the_same_evening(live, plan)
    _memberships_of_known_households(live, seen.values(), season)
    _school_enrolments(live, ref, clas_children, season)


def _recorded_the_same_evening(live: LiveSeason, plan: Plan) -> None:
    """Attendance was typed in the evening of each session (one update per day)."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for session, people in plan.marks.items():
        if people:
            by_day[session.date].append(session.id)
    for day, session_ids in sorted(by_day.items()):
        Attendance.objects.filter(session_id__in=session_ids).update(
            recorded_at=timezone.make_aware(dt.datetime.combine(day, dt.time(19, 0)))
        )


def _memberships_of_known_households(live: LiveSeason, people, season: int) -> None:
    """Households of the history who come again this season paid their membership."""
    rng = live.rng
    new = {id(h) for h in live.newcomers.households}
    households = {p.household.id: p.household for p in people
                  if p.household is not None and id(p.household) not in new}
    Membership.objects.bulk_create([
        Membership(household_id=household_id, season=season,
                   paid_on=live.period.start + dt.timedelta(days=rng.randint(0, 40)),
                   amount=10 if household.quotient and household.quotient < 600 else 15)
        for household_id, household in sorted(households.items())
    ], batch_size=500)


def _school_enrolments(live: LiveSeason, ref: Reference,
                       clas_children: list[tuple[str, PPerson]], season: int) -> None:
    """The CLAS children's school and class this school year (the report counts them)."""
    rng = live.rng
    rows, done = [], set()
    for key, child in clas_children:
        level = LEVEL_BY_AGE_AT_RENTREE.get(season - child.birth_date.year)
        if child.id in done or level is None:
            continue
        done.add(child.id)
        school = ref.partners[rng.choice(CLAS_SCHOOLS[key])]
        rows.append(SchoolEnrollment(person_id=child.id, school_year=season, school=school,
                                     level=level))
    SchoolEnrollment.objects.bulk_create(rows, batch_size=500)

