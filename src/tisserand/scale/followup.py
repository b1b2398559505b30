"""Individual follow-up in a synthetic centre: about fifty files a year at N = 1, mostly
persons living alone and single parents, with their contacts, themes and referrals.

Contacts come every two to six weeks from the opening until the file closes (about half
close within the period) or the period ends; during the lockdown they are by phone.
Notes are fixed sentences with no personal detail.
"""

from __future__ import annotations

import datetime as dt
import random

from tisserand.core.calendar import years_before
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.people.models import Household
from tisserand.scale.plan import PPerson, day_between, pick
from tisserand.scale.programme import LOCKDOWN
from tisserand.scale.reference import Refs
from tisserand.scale.writing import bulk, moment

FILES_PER_YEAR = 50 / 3  # at N = 1: 50 files over three years
MODES = {"centre": 5, "phone": 3, "home": 1, "outreach": 1}
THEMES = {
    "mediation": {"Isolement": 6, "Santé": 3, "Accès aux droits": 2, "Logement": 2,
                  "Numérique": 1, "Violences": 0.3},
    "droits": {"Accès aux droits": 6, "Numérique": 4, "Budget": 3, "Logement": 2,
               "Emploi": 2, "Parentalité": 1},
}
NOTES = {
    "centre": "Entretien au centre : point sur les démarches en cours.",
    "phone": "Appel : écoute et point sur la situation.",
    "home": "Visite à domicile à la demande de la personne.",
    "outreach": "Rencontre dans le quartier, rendez-vous pris au centre.",
}
REFERRALS = (
    ("ccas", "Aide facultative", "done"), ("caf", "Ouverture de droits", "done"),
    ("alimentaire", "Aide alimentaire", "done"), ("logement", "Question de logement", "pending"),
    ("sante", "Consultation de soins", "not_done"),
)


def plan_follow_up(rng: random.Random, persons: list[PPerson], scale: float,
                   start: dt.date, end: dt.date) -> list[tuple]:
    """(person, action key, opened on, contact days, closed on or None) per file."""
    years = (end - start).days / 365.25
    count = max(2, round(FILES_PER_YEAR * years * scale))
    last_open = end - dt.timedelta(days=30)
    candidates = [p for p in persons
                  if p.birth <= years_before(start, 25) and (
                      p.household.composition == Household.Composition.ALONE
                      or (p.household.composition == Household.Composition.SINGLE_PARENT
                          and p.role == "parent"))]
    others = [p for p in persons if p.birth <= years_before(start, 25)
              and p.role != "child"]
    chosen: list[PPerson] = []
    taken: set[int] = set()
    while len(chosen) < count and len(taken) < len(others):
        person = rng.choice(candidates if candidates and rng.random() < 0.85 else others)
        if person.index not in taken:
            taken.add(person.index)
            chosen.append(person)
    files = []
    for person in chosen:
        action = "mediation" if rng.random() < 0.7 else "droits"
        opened = day_between(rng, start, last_open)
        days, closed = _contacts(rng, opened, end)
        person.seen(opened)
        files.append((person, action, opened, days, closed))
    return files


def _contacts(rng: random.Random, opened: dt.date, end: dt.date):
    days, day = [opened], opened
    stop_after = rng.randint(3, 14) if rng.random() < 0.5 else None
    while True:
        day += dt.timedelta(days=rng.randint(10, 45))
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        if day > end:
            return days, None
        days.append(day)
        if stop_after and len(days) >= stop_after:
            return days, day


def write_follow_up(refs: Refs, files: list[tuple], rng: random.Random) -> None:
    themes = {t.name: t for t in Theme.objects.filter(is_active=True)}
    rows = []
    for person, action, opened, days, closed in files:
        rows.append(FollowUpFile(
            person_id=person.id, action=refs.actions[action],
            whole_household=bool(person.household.children()),
            referent=refs.team["mediatrice" if action == "mediation" else "cesf"],
            status=FollowUpFile.Status.CLOSED if closed else FollowUpFile.Status.OPEN,
            opened_on=opened, closed_on=closed, last_contact_on=days[-1],
            notes="Suivi ouvert à la suite d'une rencontre au centre.",
            created_at=moment(opened),
        ))
    bulk(FollowUpFile, rows)
    contacts, chosen_themes, referrals = [], [], []
    for row, (_person, action, _opened, days, _closed) in zip(rows, files, strict=True):
        weights = {name: w for name, w in THEMES[action].items() if name in themes}
        for day in days:
            mode = "phone" if LOCKDOWN[0] <= day <= LOCKDOWN[1] else pick(rng, MODES)
            contacts.append(Contact(
                file_id=row.id, date=day, mode=mode, note=NOTES[mode],
                minutes=rng.choice((10, 15, 20)) if mode == "phone"
                else rng.choice((20, 30, 45, 60)),
                created_at=moment(day, dt.time(17, 0)),
            ))
            names = [pick(rng, weights)] if weights else []
            if weights and rng.random() < 0.3:
                second = pick(rng, weights)
                if second not in names:
                    names.append(second)
            chosen_themes.append(names)
        if len(days) >= 3 and rng.random() < 0.4:
            partner, reason, outcome = rng.choice(REFERRALS)
            referrals.append(Referral(file_id=row.id, date=days[1],
                                      partner=refs.partners[partner], reason=reason,
                                      outcome=outcome))
    bulk(Contact, contacts)
    through = Contact.themes.through
    bulk(through, [through(contact_id=c.id, theme_id=themes[name].id)
                   for c, names in zip(contacts, chosen_themes, strict=True) for name in names])
    bulk(Referral, referrals)
