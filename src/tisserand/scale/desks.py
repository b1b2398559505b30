"""Appointment desks of a synthetic centre: two to four desks, their weekly slots, closures,
desk sessions, appointments and walk-ins.

Each desk gets as many weekly slots (and places at the same time) as its share of the
appointments needs, for about two thirds of its places taken. Appointments are honoured
mostly, some persons do not come or cancel, a few bookings were never given an outcome;
when a desk closes at short notice (a volunteer away, the lockdown) the bookings already
taken are cancelled by the centre. Half of the visitors have come before (the same
persons return with the next letter), the others are new at the desk.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from tisserand.core.calendar import years_before
from tisserand.desks.models import (
    Appointment,
    Desk,
    DeskClosure,
    DeskSession,
    DeskSlot,
    RequestKind,
)
from tisserand.scale.plan import Busy, PPerson, day_between, minutes, pick
from tisserand.scale.programme import LOCKDOWN, MON, THU, TUE, WED, Days
from tisserand.scale.reference import ContributorPlan, Refs, S, V, X
from tisserand.scale.writing import BATCH, bulk, moment

T = dt.time
Status = Appointment.Status
APPOINTMENTS_PER_YEAR = 2000 / 3  # at N = 1
WALK_IN_SHARE = 0.08
FILL = 0.65  # share of the places of an open desk session that get booked
OUTCOMES = {Status.HONOURED: 72, Status.ABSENT: 15, Status.CANCELLED_BY_PERSON: 10,
            Status.BOOKED: 3}
# Busier months: the start of the school year, January, the tax return in May.
MONTH_WEIGHTS = {1: 1.3, 2: 1.0, 3: 1.0, 4: 1.0, 5: 1.3, 6: 0.9, 7: 0.7, 8: 0.5, 9: 1.3,
                 10: 1.2, 11: 1.0, 12: 0.8}
SLOTS = ((TUE, "14:00", "16:00"), (THU, "09:00", "11:30"), (MON, "14:00", "16:30"),
         (WED, "09:00", "11:30"), (TUE, "09:00", "11:30"), (THU, "14:00", "16:30"),
         (MON, "09:00", "11:30"), (WED, "14:00", "16:30"), (4, "09:00", "11:30"),
         (4, "14:00", "16:30"))
SUBJECTS = {
    "letter": ["Courrier au bailleur", "Lettre de réclamation", "Courrier à la CAF"],
    "form": ["Dossier CMU-C", "Dossier MDPH", "Demande de logement social"],
    "phone": ["Appel à un organisme"],
    "explanation": ["Courrier reçu à comprendre", "Avis d'imposition"],
    "online": ["Compte ameli", "Déclaration trimestrielle CAF", "Inscription France Travail"],
}


@dataclass(frozen=True)
class DeskKind:
    key: str
    name: str
    weight: float
    appointment_minutes: int
    closed_during_school_holidays: bool
    groups: dict[str, float]
    team: tuple[tuple[str, str, str | None], ...]  # kind, job title, organisation key


DESK_KINDS = (
    DeskKind("ecrivains", "Écrivains publics", 0.3, 30, True,
             {"letter": 10, "form": 8, "explanation": 4, "phone": 2},
             ((V, "Bénévole écrivain public", None), (V, "Bénévole écrivaine publique", None))),
    DeskKind("numerique", "Aide aux démarches en ligne", 0.3, 30, False,
             {"online": 10, "form": 3, "phone": 2},
             ((S, "Conseiller numérique", None), (X, "Bénévole numérique", "numerique"))),
    DeskKind("droits", "Permanence accès aux droits", 0.25, 45, False,
             {"form": 6, "explanation": 4, "online": 3, "phone": 2},
             ((S, "Conseillère accès aux droits", None),)),
    DeskKind("logement", "Point information logement", 0.15, 30, False,
             {"letter": 5, "form": 5, "explanation": 3},
             ((X, "Juriste logement", "logement"),)),
)


def desk_count(scale: float) -> int:
    return 2 if scale < 3 else 3 if scale < 7 else 4


@dataclass(eq=False)
class PDesk:
    kind: DeskKind
    slots: list[tuple[int, dt.time, dt.time]]
    parallel: int
    target: int  # appointments over the period, walk-ins included
    team: list[ContributorPlan]
    closures: list[tuple[dt.date, dt.date, str]] = field(default_factory=list)
    sessions: list[PDeskSession] = field(default_factory=list)
    id: int | None = None


@dataclass(eq=False, slots=True)
class PDeskSession:
    desk: PDesk
    date: dt.date
    start: dt.time
    end: dt.time
    reason: str | None = None  # closed when set
    short_notice: bool = False  # closed after bookings were taken
    id: int | None = None

    def times(self) -> list[dt.time]:
        step = self.desk.kind.appointment_minutes
        first, last = minutes(self.start), minutes(self.end)
        return [T(m // 60, m % 60) for m in range(first, last - step + 1, step)]


@dataclass(eq=False, slots=True)
class PAppointment:
    session: PDeskSession
    person: PPerson
    time: dt.time
    status: str
    walk_in: bool = False


def plan_desks(scale: float, years: int, days: Days) -> list[PDesk]:
    kinds = DESK_KINDS[:desk_count(scale)]
    total = sum(k.weight for k in kinds)
    desks = []
    for kind in kinds:
        target = round(APPOINTMENTS_PER_YEAR * years * scale * kind.weight / total)
        per_year = target / years * (1 - WALK_IN_SHARE)
        places = 120 // kind.appointment_minutes  # an opening of 2 h to 2 h 30
        sessions_per_year = 34 if kind.closed_during_school_holidays else 42
        units = max(1, math.ceil(per_year / (FILL * places * sessions_per_year)))
        slots = min(units, len(SLOTS))
        parallel = math.ceil(units / slots)
        desks.append(PDesk(
            kind, [(d, T.fromisoformat(a), T.fromisoformat(b)) for d, a, b in SLOTS[:slots]],
            parallel, target,
            [ContributorPlan(f"desk:{kind.key}:{n}", member_kind, job, organisation=org)
             for n, (member_kind, job, org) in enumerate(kind.team)],
        ))
    return desks


class DeskPlanner:
    def __init__(self, rng: random.Random, persons: list[PPerson], busy: Busy, days: Days):
        self.rng = rng
        self.busy = busy
        self.days = days
        # Adults by the end of the period (the age on the day is checked when drawn).
        self.adults = [p for p in persons if p.birth <= years_before(days.days[-1], 18)]
        self.appointments: list[PAppointment] = []

    def plan(self, desks: list[PDesk]) -> list[PAppointment]:
        for desk in desks:
            self._sessions(desk)
            self._bookings(desk)
        return self.appointments

    def _sessions(self, desk: PDesk) -> None:
        rng, days = self.rng, self.days
        years = sorted({d.year for d in days.days})
        for year in years:
            desk.closures.append((dt.date(year, 8, 1), dt.date(year, 8, 31), "conges"))
            desk.closures.append((dt.date(year, 12, 22), dt.date(year, 12, 31), "conges"))
        if days.days[0] <= LOCKDOWN[0] <= days.days[-1]:
            desk.closures.append((*LOCKDOWN, "confinement"))
        for day in days.days:
            if days.public[day]:
                continue
            if desk.kind.closed_during_school_holidays and days.holiday[day]:
                continue
            for weekday, start, end in desk.slots:
                if weekday == day.weekday():
                    desk.sessions.append(PDeskSession(desk, day, start, end))
        open_days = [s for s in desk.sessions if not self._closure(desk, s.date)]
        for session in rng.sample(open_days, min(len(open_days), 2 * len(years))):
            desk.closures.append((session.date, session.date, "benevole"))
        desk.closures.sort()
        for session in desk.sessions:
            closure = self._closure(desk, session.date)
            if closure:
                session.reason = closure[2]
                session.short_notice = closure[2] == "benevole" or (
                    closure[2] == "confinement" and session.date < LOCKDOWN[0]
                    + dt.timedelta(days=14))

    @staticmethod
    def _closure(desk: PDesk, day: dt.date):
        return next((c for c in desk.closures if c[0] <= day <= c[1]), None)

    def _bookings(self, desk: PDesk) -> None:
        rng = self.rng
        cells = [(s, t) for s in desk.sessions if not s.reason for t in s.times()
                 for _place in range(desk.parallel)]
        booked = min(len(cells), round(desk.target * (1 - WALK_IN_SHARE)))
        # Weighted sampling without replacement (Efraimidis-Spirakis keys).
        keyed = sorted(((rng.random() ** (1 / MONTH_WEIGHTS[s.date.month]), i)
                        for i, (s, _t) in enumerate(cells)), reverse=True)
        chosen = sorted((cells[i] for _key, i in keyed[:booked]),
                        key=lambda c: (c[0].date, c[0].start, c[1]))
        open_sessions = [s for s in desk.sessions if not s.reason]
        walk_ins = [(s, rng.choice(s.times())) for s in (
            rng.choices(open_sessions, k=desk.target - booked) if open_sessions else [])]
        late = [(s, t) for s in desk.sessions if s.short_notice for t in s.times()
                if rng.random() < FILL]
        visitors: list[PPerson] = []
        holding: dict[int, set[int]] = {}  # id(session) -> persons booked there
        plans = [(c, pick(rng, OUTCOMES), False) for c in chosen]
        plans += [(c, Status.HONOURED, True) for c in walk_ins]
        plans += [(c, Status.CANCELLED_BY_CENTRE, False) for c in late]
        plans.sort(key=lambda p: (p[0][0].date, p[0][0].start, p[0][1]))
        for (session, time), status, walk_in in plans:
            person = self._visitor(session, time, visitors, holding.setdefault(id(session),
                                                                                set()))
            if person is None:
                continue
            holding[id(session)].add(person.index)
            if status in Appointment.HOLDING:
                start = minutes(time)
                self.busy.take(person, session.date, start,
                               start + desk.kind.appointment_minutes)
            person.seen(session.date)
            self.appointments.append(PAppointment(session, person, time, status, walk_in))

    def _visitor(self, session: PDeskSession, time: dt.time, visitors: list[PPerson],
                 taken: set[int]) -> PPerson | None:
        rng, day = self.rng, session.date
        start = minutes(time)
        end = start + session.desk.kind.appointment_minutes
        adult_born_before = years_before(day, 18)
        for _attempt in range(20):
            if visitors and rng.random() < 0.5:
                person = rng.choice(visitors[-300:])  # recent visitors come back
            else:
                person = rng.choice(self.adults)
            if (person.index not in taken and person.birth <= adult_born_before
                    and self.busy.free(person, day, start, end)):
                visitors.append(person)
                return person
        return None


def write_desks(refs: Refs, desks: list[PDesk], appointments: list[PAppointment],
                rng: random.Random) -> None:
    rows = [Desk(name=d.kind.name, action=refs.actions["droits"], place=refs.places["accueil"],
                 parallel_appointments=d.parallel,
                 closed_during_school_holidays=d.kind.closed_during_school_holidays,
                 description=f"{d.kind.name} : sur rendez-vous (données synthétiques).")
            for d in desks]
    bulk(Desk, rows)
    for desk, row in zip(desks, rows, strict=True):
        desk.id = row.id
    bulk(Desk.on_duty.through, [
        Desk.on_duty.through(desk_id=d.id, contributor_id=refs.team[p.key].id)
        for d in desks for p in d.team
    ])
    bulk(DeskSlot, [DeskSlot(desk_id=d.id, weekday=w, start_time=a, end_time=b,
                             appointment_minutes=d.kind.appointment_minutes)
                    for d in desks for w, a, b in d.slots])
    bulk(DeskClosure, [
        DeskClosure(desk_id=d.id, start_date=a, end_date=b, reason=refs.reasons[key],
                    created_at=moment(a - dt.timedelta(days=1 if key != "conges" else 60)))
        for d in desks for a, b, key in d.closures
    ])
    sessions = [s for d in desks for s in d.sessions]
    session_rows = [
        DeskSession(desk_id=s.desk.id, date=s.date, start_time=s.start, end_time=s.end,
                    appointment_minutes=s.desk.kind.appointment_minutes,
                    status=DeskSession.Status.CLOSED if s.reason else DeskSession.Status.OPEN,
                    closure_reason=refs.reasons[s.reason] if s.reason else None)
        for s in sessions
    ]
    bulk(DeskSession, session_rows)
    for session, row in zip(sessions, session_rows, strict=True):
        session.id = row.id
    through = DeskSession.on_duty.through
    bulk(through, [through(desksession_id=s.id, contributor_id=refs.team[p.key].id)
                   for s in sessions for p in s.desk.team])
    _write_appointments(appointments, rng)


def _write_appointments(appointments: list[PAppointment], rng: random.Random) -> None:
    kinds: dict[str, list[RequestKind]] = {}
    for kind in RequestKind.objects.filter(is_active=True).order_by("position", "name", "id"):
        kinds.setdefault(kind.group, []).append(kind)
    rows, links = [], []
    for item in appointments:
        session, desk_kind = item.session, item.session.desk.kind
        groups = {g: w for g, w in desk_kind.groups.items() if g in kinds}
        group = pick(rng, groups) if groups else None
        interview = item.status == Status.HONOURED
        booked_at = (moment(session.date, item.time) if item.walk_in else
                     moment(day_between(rng, session.date - dt.timedelta(days=21),
                                        session.date - dt.timedelta(days=1))))
        rows.append(Appointment(
            session_id=session.id, person_id=item.person.id, start_time=item.time,
            walk_in=item.walk_in, status=item.status,
            subject=rng.choice(SUBJECTS[group]) if group else "",
            minutes_spent=rng.choice((15, 20, 30, 30, 45, 60)) if interview else None,
            booked_at=booked_at,
            updated_at=booked_at if item.status == Status.BOOKED
            else moment(session.date, session.end),
        ))
        ids: list[int] = []
        if interview and group:
            ids.append(rng.choice(kinds[group]).id)
            if rng.random() < 0.3:  # a second request dealt with at the same interview
                other = rng.choice(kinds[pick(rng, groups)]).id
                if other not in ids:
                    ids.append(other)
        links.append(ids)
    Appointment.objects.bulk_create(rows, batch_size=BATCH)
    through = Appointment.kinds.through
    bulk(through, [through(appointment_id=row.id, requestkind_id=kind_id)
                   for row, ids in zip(rows, links, strict=True) for kind_id in ids])
