"""The programme of a synthetic centre: six kinds of atelier repeated N times, and their
sessions over the period.

Ateliers of the school year run from mid-September to the end of June outside school
holidays; the accueil de loisirs and the youth club also open during the holidays (July
included), the family outings are on Saturdays and twice a week in the holidays. Nothing
is planned on public holidays nor while the centre is closed (three weeks of August,
Christmas week). A few
sessions of each atelier are cancelled (absence, room, weather), and everything planned
during the spring 2020 lockdown is cancelled ("Confinement").
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tisserand.activities.models import Session
from tisserand.core.calendar import (
    check_school_calendar_covers,
    date_range,
    is_public_holiday,
    is_school_holiday,
)
from tisserand.core.periods import season_of
from tisserand.scale.plan import pick
from tisserand.scale.reference import ContributorPlan, S, V, X

T = dt.time
D = dt.date
Slot = tuple[int, dt.time, dt.time]  # weekday, start, end
MON, TUE, WED, THU, FRI, SAT = range(6)
WEEK = (MON, TUE, WED, THU, FRI)

LOCKDOWN = (D(2020, 3, 16), D(2020, 5, 10))
# After the lockdown, the ateliers for adults and seniors stayed closed until summer.
SANITARY = (D(2020, 5, 11), D(2020, 6, 30), ("asl", "seniors", "familles"))
RANDOM_CANCELLATION = 0.025


@dataclass(frozen=True)
class Kind:
    key: str
    action: str
    label: str
    ages: tuple[int, int] | None  # None: families, all ages
    term: tuple[Slot, ...]
    holidays: tuple[Slot, ...]
    regulars: int  # regular participants (families for "familles") per season, at N >= 1
    presence: float  # how often a regular comes
    drop_ins: float  # occasional visitors per session, on average, at N >= 1
    place: str
    team: tuple[tuple[str, str], ...]  # (kind, job title) of the atelier's own team
    capacity: int | None = None


def _slots(days, start: str, end: str) -> tuple[Slot, ...]:
    return tuple((day, T.fromisoformat(start), T.fromisoformat(end)) for day in days)


KINDS = (
    Kind("clas", "clas", "CLAS élémentaire", (6, 10), _slots((MON, TUE, THU, FRI), "16:30",
         "18:00"), (), regulars=24, presence=0.8, drop_ins=0.4, place="polyvalente",
         team=((S, "Animateur CLAS"), (V, "Bénévole CLAS"), (V, "Bénévole CLAS"),
               (V, "Bénévole CLAS")), capacity=28),
    Kind("acm", "acm", "Accueil de loisirs", (3, 10), _slots((WED,), "08:30", "17:30"),
         _slots(WEEK, "08:30", "17:30"), regulars=75, presence=0.72, drop_ins=4,
         place="motricite", team=((S, "Directrice d'accueil de loisirs"),
                                  (S, "Animateur enfance"), (S, "Animatrice enfance"),
                                  (S, "Animateur enfance")), capacity=80),
    Kind("jeunes", "jeunes", "Accueil jeunes", (11, 17),
         _slots((TUE, FRI), "17:00", "19:00") + _slots((WED, SAT), "14:00", "18:00"),
         _slots(WEEK, "14:00", "18:00"), regulars=28, presence=0.55, drop_ins=4,
         place="jeunesse", team=((S, "Animateur jeunesse"), (S, "Animatrice jeunesse"))),
    Kind("asl", "asl", "Atelier de français", (18, 75), _slots((MON, TUE, THU, FRI), "09:00",
         "11:00"), (), regulars=24, presence=0.75, drop_ins=0.8, place="activites",
         team=((V, "Bénévole formatrice"), (V, "Bénévole formateur"),
               (V, "Bénévole formatrice")), capacity=26),
    Kind("seniors", "seniors", "Gym douce et prévention", (60, 99),
         _slots((TUE, FRI), "10:00", "11:00") + _slots((MON, THU), "14:00", "16:00"), (),
         regulars=24, presence=0.75, drop_ins=1, place="motricite",
         team=((X, "Éducateur sportif"), (V, "Bénévole seniors")), capacity=26),
    Kind("familles", "familles", "Sorties familiales", None, _slots((SAT,), "14:00", "17:00"),
         _slots((TUE, THU), "10:00", "17:00"), regulars=20, presence=0.5, drop_ins=2,
         place="polyvalente", team=((V, "Bénévole familles"), (V, "Bénévole familles"))),
)
CLAS_COLLEGE = Kind("clas", "clas", "CLAS collège", (11, 14), _slots((MON, TUE, THU, FRI),
                    "17:00", "18:30"), (), regulars=20, presence=0.75, drop_ins=0.4,
                    place="informatique", team=KINDS[0].team, capacity=20)
# The referents of each action, from the centre-wide team.
REFERENTS = {
    "clas": ["coordinatrice"], "acm": ["coordinatrice"], "jeunes": ["coordinatrice"],
    "asl": ["referente_familles"], "seniors": ["referente_familles"],
    "familles": ["referente_familles"], "droits": ["cesf"], "mediation": ["mediatrice"],
}
# Open events of the first family atelier: counted, nobody named. (month, week, name)
EVENTS = ((6, -1, "Fête de quartier"), (12, 2, "Fête d'hiver"))
HEADCOUNTS = {"children": 60, "youth": 25, "adults": 80, "seniors": 20}


@dataclass(eq=False)
class PActivity:
    index: int
    kind: Kind
    group: int
    name: str
    team: list[ContributorPlan]
    id: int | None = None


@dataclass(eq=False, slots=True)
class PSession:
    activity: PActivity
    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    status: str = Session.Status.HELD
    reason: str | None = None
    journal: str = ""
    event: bool = False
    headcounts: dict[str, int] = field(default_factory=dict)
    id: int | None = None

    @property
    def season(self) -> int:
        return season_of(self.date)


def activity_count(scale: float) -> int:
    return max(len(KINDS), round(len(KINDS) * scale))


def plan_activities(scale: float) -> list[PActivity]:
    count = activity_count(scale)
    groups = {kind.key: (count + len(KINDS) - 1 - i) // len(KINDS)
              for i, kind in enumerate(KINDS)}
    activities = []
    for index in range(count):
        kind, group = KINDS[index % len(KINDS)], index // len(KINDS) + 1
        if kind.key == "clas" and group % 2 == 0:
            kind = CLAS_COLLEGE
        name = kind.label if groups[kind.key] == 1 else f"{kind.label} – groupe {group}"
        key = f"{kind.key}{group}"
        team = [ContributorPlan(f"{key}:{n}", member_kind, job,
                                organisation="sport" if member_kind == X else None)
                for n, (member_kind, job) in enumerate(kind.team)]
        activities.append(PActivity(index, kind, group, name, team))
    return activities


class Days:
    """The facts of each day of the period, computed once."""

    def __init__(self, start: dt.date, end: dt.date):
        check_school_calendar_covers(start, end)
        self.days = list(date_range(start, end))
        self.holiday = {d: is_school_holiday(d) for d in self.days}
        self.public = {d: is_public_holiday(d) for d in self.days}
        self.off = {d: self.public[d] or _centre_closed(d) for d in self.days}

    def term(self, day: dt.date) -> bool:
        """A day of the ateliers' school year: mid-September to June, outside holidays."""
        in_year = day.month in (10, 11, 12, 1, 2, 3, 4, 5, 6) or (
            day.month == 9 and day.day >= 14)
        return in_year and not self.holiday[day] and not self.off[day]

    def holidays(self, day: dt.date) -> bool:
        return self.holiday[day] and not self.off[day]


def _centre_closed(day: dt.date) -> bool:
    return (day.month == 8 and day.day <= 23) or (day.month == 12 and day.day >= 24) or (
        day.month == 1 and day.day == 1)


def plan_sessions(rng: random.Random, activities: list[PActivity], days: Days,
                  scale: float) -> list[PSession]:
    sessions: list[PSession] = []
    for activity in activities:
        kind = activity.kind
        for day in days.days:
            weekday = day.weekday()
            if days.term(day):
                slots = kind.term
                if kind.key == "familles":  # three Saturdays a month
                    slots = slots if (day.day - 1) // 7 in (0, 1, 2) else ()
            elif days.holidays(day):
                slots = kind.holidays
            else:
                slots = ()
            for slot_day, start, end in slots:
                if slot_day == weekday:
                    sessions.append(PSession(activity, day, start, end,
                                             _place(rng, kind, days.holidays(day))))
        if kind.key == "familles" and activity.group == 1:
            sessions += _events(rng, activity, days, scale)
    sessions.sort(key=lambda s: (s.date, s.start, s.activity.index))
    for session in sessions:
        _cancel(rng, session)
    return sessions


def _place(rng: random.Random, kind: Kind, holidays: bool) -> str:
    if kind.key == "familles" and holidays:
        return "sortie"
    if kind.key == "jeunes" and holidays and rng.random() < 0.25:
        return "city_stade"
    if kind.key == "seniors" and rng.random() < 0.08:
        return "square"  # a walk instead of the gym, now and then
    return kind.place


def _events(rng, activity: PActivity, days: Days, scale: float) -> list[PSession]:
    events = []
    for year in sorted({d.year for d in days.days}):
        for month, week, name in EVENTS:
            saturdays = [d for d in days.days if d.year == year and d.month == month
                         and d.weekday() == SAT]
            if len(saturdays) < 4:
                continue
            session = PSession(activity, saturdays[week], T(14), T(18), "square",
                               journal=f"{name} : animations ouvertes à tous, sans inscription.",
                               event=True)
            session.headcounts = {
                category: max(1, round(count * scale * rng.uniform(0.7, 1.3)))
                for category, count in HEADCOUNTS.items()
            }
            events.append(session)
    return events


def _cancel(rng: random.Random, session: PSession) -> None:
    day, key = session.date, session.activity.kind.key
    if LOCKDOWN[0] <= day <= LOCKDOWN[1]:
        session.status, session.reason = Session.Status.CANCELLED, "confinement"
    elif SANITARY[0] <= day <= SANITARY[1] and key in SANITARY[2]:
        session.status, session.reason = Session.Status.CANCELLED, "sanitaire"
    elif not session.event and rng.random() < RANDOM_CANCELLATION:
        outdoors = session.place in ("square", "city_stade", "sortie")
        session.status = Session.Status.CANCELLED
        session.reason = "meteo" if outdoors else pick(
            rng, {"absence": 5, "salle": 2, "autre": 2})
    if session.status == Session.Status.CANCELLED:
        session.headcounts = {}
