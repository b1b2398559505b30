"""Write the planned population and programme in bulk (ids come back on the plan objects).

``bulk_create`` skips ``save()``: ``search_name`` is filled here with the same
``search_key`` the models use, and the record dates come from the plan (see ``writing``).
"""

from __future__ import annotations

import datetime as dt
import random

from tisserand.activities.models import (
    Activity,
    Attendance,
    Headcount,
    Session,
    SessionContributor,
    WeeklySlot,
)
from tisserand.core.phones import normalised_phone
from tisserand.core.text import search_key
from tisserand.people.models import (
    FamilyQuotient,
    Household,
    Membership,
    Person,
    SchoolEnrollment,
)
from tisserand.scale.participation import Participation
from tisserand.scale.plan import PHousehold, PPerson
from tisserand.scale.programme import PActivity, PSession
from tisserand.scale.reference import Refs
from tisserand.scale.writing import bulk, moment


def write_population(refs: Refs, households: list[PHousehold], persons: list[PPerson],
                     participation: Participation, years: tuple[int, ...],
                     rng: random.Random) -> None:
    start = dt.date(years[0], 1, 1)
    rows = []
    for h in households:
        seen = [p.first_seen for p in h.members if p.first_seen]
        rows.append(Household(
            name=h.name, composition=h.composition, address=h.address, postcode="59000",
            city="Lille", neighbourhood=h.neighbourhood, search_name=search_key(h.name),
            created_at=moment(min(seen, default=start), dt.time(9, 0)),
        ))
    bulk(Household, rows)
    for planned, row in zip(households, rows, strict=True):
        planned.id = row.id
    person_rows = []
    for p, household_row in ((p, rows[p.household.index]) for p in persons):
        recorded = max(p.first_seen or household_row.created_at.date(), p.birth)
        person_rows.append(Person(
            first_name=p.first_name, last_name=p.last_name, sex=p.sex, birth_date=p.birth,
            household_id=p.household.id, household_role=p.role, phone=p.phone,
            phone_normalised=normalised_phone(p.phone),
            priority_area=p.priority_area,
            search_name=search_key(f"{p.last_name} {p.first_name}"),
            created_at=moment(recorded, dt.time(9, 0)),
        ))
    bulk(Person, person_rows)
    for planned, row in zip(persons, person_rows, strict=True):
        planned.id = row.id
    quotients, memberships = [], []
    for h in households:
        if h.quotient:
            for year in years:
                amount = max(90, h.quotient + rng.choice((-40, -20, 0, 0, 30, 60)))
                quotients.append(FamilyQuotient(
                    household_id=h.id, amount=amount, valid_from=dt.date(year, 1, 1),
                    valid_to=dt.date(year, 12, 31)))
        for season, first_visit in sorted(h.seasons.items()):
            memberships.append(Membership(
                household_id=h.id, season=season, paid_on=first_visit,
                amount=10 if h.quotient and h.quotient < 600 else 15))
    bulk(FamilyQuotient, quotients)
    bulk(Membership, memberships)
    schools = {"primary": refs.primary_schools, "college": refs.colleges}
    bulk(SchoolEnrollment, [
        SchoolEnrollment(person_id=child.id, school_year=year, level=level,
                         school=schools[kind][index] if index is not None else None)
        for child, year, kind, index, level in participation.enrollments
    ])


def write_activities(refs: Refs, activities: list[PActivity]) -> None:
    rows = []
    for a in activities:
        kind = a.kind
        rows.append(Activity(
            action=refs.actions[kind.action], name=a.name, default_place=refs.places[kind.place],
            min_age=kind.ages[0] if kind.ages else None,
            max_age=kind.ages[1] if kind.ages else None, capacity=kind.capacity,
            description=f"{kind.label} (données synthétiques).",
        ))
    bulk(Activity, rows)
    for planned, row in zip(activities, rows, strict=True):
        planned.id = row.id
    slots = []
    for a in activities:
        unique = sorted(set(a.kind.term + a.kind.holidays))
        slots += [WeeklySlot(activity_id=a.id, weekday=d, start_time=s, end_time=e)
                  for d, s, e in unique]
    bulk(WeeklySlot, slots)
    through = Activity.contributors.through
    bulk(through, [through(activity_id=a.id, contributor_id=refs.team[p.key].id)
                   for a in activities for p in a.team])


def write_sessions(refs: Refs, sessions: list[PSession], participation: Participation) -> None:
    rows = [
        Session(activity_id=s.activity.id, date=s.date, start_time=s.start, end_time=s.end,
                place=refs.places[s.place], status=s.status,
                cancellation_reason=refs.reasons[s.reason] if s.reason else None,
                journal=s.journal)
        for s in sessions
    ]
    bulk(Session, rows)
    for planned, row in zip(sessions, rows, strict=True):
        planned.id = row.id
    bulk(SessionContributor, [
        SessionContributor(session_id=s.id, contributor_id=refs.team[key].id)
        for s, key in participation.presences
    ])
    bulk(Headcount, [Headcount(session_id=s.id, category=c, count=n)
                     for s in sessions for c, n in s.headcounts.items()])
    bulk(Attendance, [
        Attendance(session_id=s.id, person_id=p.id, recorded_at=moment(s.date, s.end))
        for s, p in participation.attendances
    ])
