"""The desk and the follow-up of the live season (``demo.live_season``).

The permanence Écrivains publics held its sessions of the past weeks (appointments received,
missed or cancelled, a few walk-ins) and has bookings next week, made through the service
reception uses. The médiatrice and the CESF follow a few inhabitants, with contacts from the
start of the season (or of the calendar year, if earlier) up to yesterday.
"""

from __future__ import annotations

import datetime as dt

from tisserand.activities.models import Action
from tisserand.core.calendar import is_public_holiday
from tisserand.demo.centre import Reference
from tisserand.demo.desks import ACTION_NAME, TIMES, _Planned, _write
from tisserand.demo.followup import ISOLATION, NOTES, RIGHTS, THEMES_BY_ACTION
from tisserand.demo.live_season import LiveSeason
from tisserand.demo.population import CHILD, Population, PPerson
from tisserand.desks.models import Appointment, Desk, DeskSession
from tisserand.desks.services import appointment_book, desk_sessions_generate
from tisserand.followup.models import Contact, FollowUpFile, Theme
from tisserand.people.models import Person

# Statuses of the past weeks' bookings, by weight (walk-ins come on top).
PAST_STATUSES = {"honoured": 7, "absent": 2, "cancelled_person": 1}
NEXT_WEEK_SUBJECTS = ["Courrier à la CAF", "Dossier de retraite", "Lettre au bailleur"]
MODES = {"centre": 5, "phone": 3, "home": 1, "outreach": 2}
FILES = {ISOLATION: 6, RIGHTS: 5}


def _adults(live: LiveSeason, population: Population) -> list[PPerson]:
    return [p for p in population.persons + live.newcomers.persons
            if p.id and p.role != CHILD and p.age(live.today) >= 20]


def build_live_desk(live: LiveSeason, ref: Reference, population: Population) -> None:
    rng = live.rng
    desk = Desk.objects.get(action__name=ACTION_NAME)
    monday = live.today - dt.timedelta(days=live.today.weekday())
    next_monday = monday + dt.timedelta(weeks=1)
    desk_sessions_generate(desk=desk, start=live.period.start, end=next_monday
                           + dt.timedelta(days=6))
    visitors = _adults(live, population)
    past = list(DeskSession.objects.filter(
        desk=desk, date__range=(live.period.start, live.yesterday),
        status=DeskSession.Status.OPEN,
    ).order_by("date"))
    planned = []
    for session in past:
        persons = rng.sample(visitors, len(TIMES))
        for time, person in zip(TIMES, persons, strict=True):
            if rng.random() < 0.15:
                continue  # a free time
            status = rng.choices(list(PAST_STATUSES), weights=list(PAST_STATUSES.values()))[0]
            planned.append(_Planned(session, time, person, status,
                                    walk_in=status == "honoured" and rng.random() < 0.1))
    _write(rng, planned)
    _book_next_week(live, desk, next_monday, visitors)


def _book_next_week(live: LiveSeason, desk: Desk, monday: dt.date,
                    visitors: list[PPerson]) -> None:
    """Reception booked a few appointments at next week's permanence; when its usual day
    is a public holiday, the permanence moves to the next working day of the week."""
    week = (monday, monday + dt.timedelta(days=6))
    session = DeskSession.objects.filter(
        desk=desk, date__range=week, status=DeskSession.Status.OPEN
    ).order_by("date").first()
    if session is None:
        slot = desk.slots.order_by("weekday").first()
        day = next(monday + dt.timedelta(days=n) for n in range(5)
                   if not is_public_holiday(monday + dt.timedelta(days=n)))
        session = DeskSession.objects.create(
            desk=desk, date=day, start_time=slot.start_time, end_time=slot.end_time,
            appointment_minutes=slot.appointment_minutes,
        )
        session.on_duty.set(desk.on_duty.all())
    taken = set(Appointment.objects.filter(session=session, status__in=Appointment.HOLDING)
                .values_list("start_time", flat=True))
    booked = set(Appointment.objects.filter(session=session).values_list("person_id",
                                                                        flat=True))
    free = [time for time in session.appointment_times() if time not in taken]
    people = [p for p in live.rng.sample(visitors, 6) if p.id not in booked]
    persons = Person.objects.in_bulk([p.id for p in people])
    for time, person, subject in zip(free, people, NEXT_WEEK_SUBJECTS, strict=False):
        appointment_book(session=session, person=persons[person.id], start_time=time,
                         subject=subject)


def build_live_follow_up(live: LiveSeason, ref: Reference, population: Population) -> None:
    rng = live.rng
    start = min(live.period.start, live.today.replace(month=1, day=1))
    if live.yesterday < start:
        return
    followed = set(FollowUpFile.objects.filter(status=FollowUpFile.Status.OPEN)
                   .values_list("person_id", flat=True))
    candidates = [p for p in _adults(live, population) if p.id not in followed]
    actions = {a.name: a for a in Action.objects.filter(name__in=list(FILES))}
    themes = {theme.name: theme for theme in Theme.objects.all()}
    people = rng.sample(candidates, sum(FILES.values()))
    files, plans = [], []
    for action_name, count in FILES.items():
        for person in people[:count]:
            opened = start + dt.timedelta(days=rng.randint(0, (live.yesterday - start).days))
            days = _contact_days(live, opened)
            files.append(FollowUpFile(
                person_id=person.id, action=actions[action_name],
                whole_household=bool(person.household and person.household.children()),
                referent=ref.team["mediatrice" if action_name == ISOLATION else "cesf"],
                opened_on=opened, last_contact_on=days[-1],
                notes="Suivi ouvert à la suite d'une rencontre au centre.",
            ))
            plans.append((action_name, days))
        people = people[count:]
    FollowUpFile.objects.bulk_create(files)
    contacts, chosen_themes = [], []
    for file, (action_name, days) in zip(files, plans, strict=True):
        weights = THEMES_BY_ACTION[action_name]
        for day in days:
            mode = rng.choices(list(MODES), weights=list(MODES.values()))[0]
            contacts.append(Contact(
                file_id=file.id, date=day, mode=mode, note=rng.choice(NOTES[mode]),
                minutes=rng.choice([10, 15, 20] if mode == "phone" else [20, 30, 45, 60]),
            ))
            chosen_themes.append(dict.fromkeys(rng.choices(
                [name for name in weights if name in themes],
                weights=[w for name, w in weights.items() if name in themes],
                k=rng.choice([1, 1, 2]))))
    Contact.objects.bulk_create(contacts, batch_size=500)
    through = Contact.themes.through
    through.objects.bulk_create(
        [through(contact_id=contact.id, theme_id=themes[name].id)
         for contact, names in zip(contacts, chosen_themes, strict=True) for name in names],
        batch_size=500,
    )


def _contact_days(live: LiveSeason, opened: dt.date) -> list[dt.date]:
    """From the opening up to yesterday, about every two to five weeks, on working days."""
    days, day = [opened], opened
    while True:
        day += dt.timedelta(days=live.rng.randint(12, 35))
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        if day > live.yesterday:
            return days
        days.append(day)
