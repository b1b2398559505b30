"""The permanence Écrivains publics of the demo centre, 2019 and 2020, so that the report's
figures follow from the appointments:

- 2020: 26 permanences held, 78 appointments booked, 22 no-shows, 2 walk-ins, 52 interviews;
- 2019: 36 permanences held, 79 appointments booked, 28 no-shows, 16 walk-ins, 67 interviews.

In 2020, 78 - 22 + 2 is 58, not 52: the six missing interviews are cancellations. Four
appointments booked for the first days of the first lockdown were cancelled by the centre
when the desk closed, two were cancelled by the persons themselves. In 2019 nobody cancelled
(79 - 28 + 16 = 67).

The desk opens on Tuesdays from 14 h 00 to 16 h 00, four appointments of 30 minutes. The
held permanences follow from the closures (summer and Christmas breaks, some school
holidays when the two volunteers were away, the lockdowns, the sanitary protocol of May
2020). About half of the 2020 interviews are first visits, as the report estimates: the
figure is computed from each person's history, the demo only chooses who comes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from tisserand.activities.models import Action
from tisserand.core.calendar import public_holidays
from tisserand.demo.centre import Reference
from tisserand.demo.population import F, M, Population, PPerson
from tisserand.desks.models import (
    Appointment,
    Desk,
    DeskClosure,
    DeskSession,
    DeskSlot,
    RequestKind,
)

D = dt.date
TUESDAY = 1
START, END = dt.time(14, 0), dt.time(16, 0)
TIMES = [dt.time(14, 0), dt.time(14, 30), dt.time(15, 0), dt.time(15, 30)]
ACTION_NAME = "Permanence Ecrivains publics"

# (first day, last day, reason key of demo.centre.REASONS)
CLOSURES = [
    (D(2019, 2, 11), D(2019, 2, 24), "conges"),     # winter holidays, volunteers away
    (D(2019, 4, 15), D(2019, 4, 21), "conges"),
    (D(2019, 7, 1), D(2019, 8, 31), "conges"),
    (D(2019, 10, 21), D(2019, 11, 3), "conges"),
    (D(2019, 12, 21), D(2020, 1, 5), "conges"),
    (D(2020, 3, 17), D(2020, 5, 11), "confinement"),
    (D(2020, 5, 12), D(2020, 6, 1), "sanitaire"),   # reopened in June, once the protocol held
    (D(2020, 7, 1), D(2020, 8, 31), "conges"),
    (D(2020, 10, 30), D(2020, 12, 1), "confinement"),
    (D(2020, 12, 19), D(2021, 1, 3), "conges"),
]


@dataclass(frozen=True)
class YearPlan:
    year: int
    booked: int
    absent: int
    cancelled_by_person: int
    cancelled_by_centre: int
    walk_ins: int

    @property
    def interviews(self) -> int:
        return (self.booked - self.absent - self.cancelled_by_person
                - self.cancelled_by_centre + self.walk_ins)


PLANS = [
    YearPlan(2019, booked=79, absent=28, cancelled_by_person=0, cancelled_by_centre=0,
             walk_ins=16),
    YearPlan(2020, booked=78, absent=22, cancelled_by_person=2, cancelled_by_centre=4,
             walk_ins=2),
]

# Kinds of request by weight: letters and forms dominate, as the report says.
KIND_WEIGHTS = {"letter": 10, "form": 8, "explanation": 3, "phone": 2, "online": 2}


def tuesdays(year: int) -> list[dt.date]:
    day = D(year, 1, 1)
    day += dt.timedelta(days=(TUESDAY - day.weekday()) % 7)
    days = []
    while day.year == year:
        days.append(day)
        day += dt.timedelta(days=7)
    return days


def build_desk(ref: Reference, pop: Population, rng: random.Random) -> Desk:
    """Create the desk, its sessions and closures, and the persons and appointments of
    2019 and 2020. ``pop`` holds the persons already written (some come to the desk too);
    the newcomers of the desk are written here."""
    desk = Desk.objects.create(
        name="Écrivains publics", action=Action.objects.get(name=ACTION_NAME),
        place=ref.places["activites"], parallel_appointments=1,
        description="Deux bénévoles reçoivent ensemble, sur rendez-vous, pour écrire un "
                    "courrier, remplir un imprimé, comprendre un courrier reçu.",
    )
    desk.on_duty.set([ref.team["ep_v1"], ref.team["ep_v2"]])
    DeskSlot.objects.create(desk=desk, weekday=TUESDAY, start_time=START, end_time=END,
                            appointment_minutes=30)
    sessions = _sessions(ref, desk)
    known = [p for p in pop.persons if p.id and p.role != "child" and p.age(D(2019, 1, 1)) >= 20]
    visitors = _Visitors(rng, Population(rng), known)
    plans = []
    for plan in PLANS:
        held = [s for s in sessions if s.date.year == plan.year and s.status == "open"]
        closed = [s for s in sessions if s.date.year == plan.year and s.status == "closed"]
        plans += _appointments(rng, plan, held, closed, visitors)
    visitors.population.write(schools={})
    stamp_creation(visitors.population)
    _write(rng, plans)
    _open_the_coming_weeks(desk, visitors.regulars[:3])
    return desk


def _open_the_coming_weeks(desk: Desk, persons: list[PPerson]) -> None:
    """So that the demo can be tried today: the permanences of the coming weeks, and three
    appointments at the next one (through the services reception uses)."""
    from django.utils import timezone

    from tisserand.desks.services import appointment_book, desk_sessions_generate
    from tisserand.people.models import Person

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    sessions = [s for s in desk_sessions_generate(desk=desk, start=monday,
                                                  end=monday + dt.timedelta(weeks=8))
                if s.date >= today and s.status == DeskSession.Status.OPEN]
    if not sessions:
        return
    people = Person.objects.in_bulk([p.id for p in persons])
    for person, time, subject in zip(
        [people[p.id] for p in persons], TIMES,
        ["Courrier au bailleur", "Dossier MDPH", "Lettre de candidature"], strict=False,
    ):
        appointment_book(session=sessions[0], person=person, start_time=time, subject=subject)


def stamp_creation(population: Population) -> None:
    """Persons created for the desk or the follow-up were recorded on their first visit,
    with a mobile number (reception books by phone; the reminders need it). The numbers
    are in the range ARCEP reserves for fiction (06 39 98 xx xx)."""
    from django.db.models import Q

    from tisserand.core.phones import normalised_phone
    from tisserand.people.models import Household, Person

    adults = [p for p in population.persons if p.role != "child"]
    rows = Person.objects.in_bulk([p.id for p in adults])
    for person in rows.values():
        number = person.id % 10000
        person.phone = f"06 39 98 {number // 100:02d} {number % 100:02d}"
        person.phone_normalised = normalised_phone(person.phone)  # bulk_update skips save()
    Person.objects.bulk_update(rows.values(), ["phone", "phone_normalised"], batch_size=500)

    by_day: dict[dt.date, list[PPerson]] = {}
    for person in population.persons:
        by_day.setdefault(person.first_seen or D(2019, 1, 7), []).append(person)
    for day, persons in by_day.items():
        moment = _moment(day)
        Person.objects.filter(id__in=[p.id for p in persons]).update(created_at=moment)
        Household.objects.filter(
            Q(id__in=[p.household.id for p in persons if p.household])
        ).update(created_at=moment)


def _sessions(ref: Reference, desk: Desk) -> list[DeskSession]:
    holidays = set()
    for year in (2019, 2020):
        holidays |= set(public_holidays(year))
    closure_rows = [
        DeskClosure(desk=desk, start_date=a, end_date=b, reason=ref.reasons[key])
        for a, b, key in CLOSURES
    ]
    DeskClosure.objects.bulk_create(closure_rows)
    rows = []
    for day in tuesdays(2019) + tuesdays(2020):
        if day in holidays:
            continue
        closure = next(((a, b, k) for a, b, k in CLOSURES if a <= day <= b), None)
        rows.append(DeskSession(
            desk=desk, date=day, start_time=START, end_time=END, appointment_minutes=30,
            status="closed" if closure else "open",
            closure_reason=ref.reasons[closure[2]] if closure else None,
        ))
    DeskSession.objects.bulk_create(rows)
    sessions = list(
        DeskSession.objects.filter(desk=desk).select_related("closure_reason").order_by("date")
    )
    on_duty = DeskSession.on_duty.through
    on_duty.objects.bulk_create(
        on_duty(desksession_id=s.id, contributor_id=ref.team[key].id)
        for s in sessions for key in ("ep_v1", "ep_v2")
    )
    return sessions


class _Visitors:
    """Who comes to the desk: persons already known at the centre, and newcomers."""

    def __init__(self, rng: random.Random, population: Population, known: list[PPerson]):
        self.rng = rng
        self.population = population
        self.known = rng.sample(known, 12)
        self.regulars: list[PPerson] = []  # came in 2019, may come back

    def new(self, on: dt.date) -> PPerson:
        sex = self.rng.choice([F, F, M])
        person = self.population.adult(sex=sex, ages=(24, 78), on=on,
                                       alone=self.rng.random() < 0.6)
        person.first_seen = on
        return person


@dataclass
class _Planned:
    session: DeskSession
    time: dt.time
    person: PPerson
    status: str
    walk_in: bool = False


def _appointments(rng, plan: YearPlan, held, closed, visitors: _Visitors) -> list[_Planned]:
    interviews_booked = plan.booked - plan.absent - plan.cancelled_by_person \
        - plan.cancelled_by_centre
    statuses = (
        ["honoured"] * interviews_booked + ["absent"] * plan.absent
        + ["cancelled_person"] * plan.cancelled_by_person
    )
    rng.shuffle(statuses)
    # Free times of the held sessions, spread over the year; later sessions are fuller
    # (the desk is better known, the report says).
    free = [(s, t) for s in held for t in TIMES]
    weights = [1 + s.date.month / 6 for s, _t in free]
    chosen = _weighted_sample(rng, free, weights, len(statuses) + plan.walk_ins)
    chosen.sort(key=lambda item: (item[0].date, item[1]))
    walk_in_places = set(rng.sample(range(len(chosen)), plan.walk_ins))
    planned: list[_Planned] = []
    booked = iter(statuses)
    seen: dict[int, set[int]] = {}  # nobody twice at the same permanence
    for index, (session, time) in enumerate(chosen):
        person = _who_once(rng, plan, visitors, session, seen)
        if index in walk_in_places:
            planned.append(_Planned(session, time, person, "honoured", walk_in=True))
        else:
            planned.append(_Planned(session, time, person, next(booked)))
    # Booked before the first lockdown for its first days: cancelled by the centre.
    lockdown = [s for s in closed if s.closure_reason.label == "Confinement"][:2]
    for number in range(plan.cancelled_by_centre):
        session = lockdown[number % len(lockdown)]
        planned.append(_Planned(session, TIMES[number // len(lockdown)],
                                _who_once(rng, plan, visitors, session, seen),
                                "cancelled_centre"))
    return planned


def _who_once(rng, plan, visitors, session, seen: dict[int, set[int]]) -> PPerson:
    taken = seen.setdefault(session.id, set())
    for _attempt in range(20):
        person = _who(rng, plan, visitors, session)
        if id(person) not in taken:
            break
    else:
        person = visitors.new(session.date)
        visitors.regulars.append(person)
    taken.add(id(person))
    return person


def _who(rng, plan: YearPlan, visitors: _Visitors, session: DeskSession) -> PPerson:
    """2019: a third of the visits from known inhabitants, the rest newcomers who may come
    back. 2020: about half of the persons had come before (the report's estimate)."""
    if plan.year == 2019:
        if visitors.regulars and rng.random() < 0.3:
            return rng.choice(visitors.regulars)
        person = rng.choice(visitors.known) if rng.random() < 0.3 else visitors.new(session.date)
        visitors.regulars.append(person)
        return person
    if rng.random() < 0.6:
        return rng.choice(visitors.regulars)
    person = visitors.new(session.date)
    visitors.regulars.append(person)
    return person


def _weighted_sample(rng, items, weights, n):
    pool = list(zip(items, weights, strict=True))
    result = []
    for _ in range(n):
        total = sum(w for _i, w in pool)
        target, acc = rng.random() * total, 0.0
        for index, (item, weight) in enumerate(pool):
            acc += weight
            if acc >= target:
                result.append(item)
                pool.pop(index)
                break
    return result


def _write(rng: random.Random, planned: list[_Planned]) -> None:
    kinds = list(RequestKind.objects.filter(is_active=True))
    by_group: dict[str, list[RequestKind]] = {}
    for kind in kinds:
        by_group.setdefault(kind.group, []).append(kind)
    groups = [g for g in KIND_WEIGHTS if g in by_group]
    rows = []
    for item in planned:
        interview = item.status == "honoured"
        rows.append(Appointment(
            session_id=item.session.id, person_id=item.person.id, start_time=item.time,
            walk_in=item.walk_in, status=item.status,
            minutes_spent=rng.choice([20, 25, 30, 30, 40, 45]) if interview else None,
        ))
    Appointment.objects.bulk_create(rows, batch_size=500)
    through = Appointment.kinds.through
    links = []
    for item, row in zip(planned, rows, strict=True):
        if item.status != "honoured":
            continue
        # dict.fromkeys, not set: the order of the draws must not depend on the hash seed
        # of the process, or the random stream (and the whole demo) would differ per run.
        for group in dict.fromkeys(rng.choices(groups, weights=[KIND_WEIGHTS[g] for g in groups],
                                               k=rng.choice([1, 1, 2]))):
            links.append(through(appointment_id=row.id,
                                 requestkind_id=rng.choice(by_group[group]).id))
    through.objects.bulk_create(links, batch_size=500)
    # Booking timestamps follow the story: a week before the appointment.
    for row, item in zip(rows, planned, strict=True):
        row.booked_at = _moment(item.session.date - dt.timedelta(days=7))
    Appointment.objects.bulk_update(rows, ["booked_at"], batch_size=500)


def _moment(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
