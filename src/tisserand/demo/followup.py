"""Individual follow-up in the demo centre (médiation sociale and accès aux droits), 2019-2020.

About forty persons followed in 2020, as the report describes them: mostly people living
alone around fifty and single-parent families, about half in a priority area. Contacts
follow the year: at the centre, at home and in the neighbourhood before March; only by
phone during the first lockdown ("veille sociale téléphonique"); by appointment, phone and
"hors les murs" in the summer afterwards; phone again in November. The figures of the report
(persons and households followed, contacts by mode and by month, themes, referrals) are
computed from these records.
"""

from __future__ import annotations

import datetime as dt
import random

from tisserand.activities.models import Action
from tisserand.demo.centre import Reference
from tisserand.demo.desks import stamp_creation
from tisserand.demo.population import Composition, F, M, Population, PPerson
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme

D = dt.date
ISOLATION = "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs"
RIGHTS = "Accompagnement aux démarches administratives, information/sensibilisation aux droits"

LOCKDOWN = (D(2020, 3, 17), D(2020, 5, 10))
SECOND_LOCKDOWN = (D(2020, 10, 30), D(2020, 12, 15))

# Modes by weight, by time of year.
MODES_ORDINARY = {"centre": 5, "home": 2, "outreach": 2, "phone": 1}
MODES_LOCKDOWN = {"phone": 1}
MODES_SUMMER = {"centre": 4, "phone": 3, "outreach": 3}
MODES_SECOND_LOCKDOWN = {"phone": 3, "centre": 2}

THEMES_BY_ACTION = {
    ISOLATION: {"Isolement": 6, "Santé": 3, "Accès aux droits": 2, "Numérique": 2,
                "Logement": 1, "Violences": 0.2},
    RIGHTS: {"Accès aux droits": 6, "Numérique": 5, "Logement": 2, "Budget": 2, "Emploi": 1,
             "Parentalité": 1},
}

NOTES = {
    "phone": ["Appel de veille : va bien, courses assurées par une voisine.",
              "Appel : inquiétude face à l'épidémie, écoute ; rappel dans une semaine.",
              "Appel : attestation de déplacement imprimée et déposée dans la boîte aux "
              "lettres."],
    "centre": ["Rendez-vous au centre : dossier complété ensemble.",
               "Accueil au centre : point sur les démarches en cours."],
    "home": ["Visite à domicile : logement en ordre, souhaite participer à l'Espace Alma."],
    "outreach": ["Rencontre au pied de l'immeuble, échange sur les activités de l'été.",
                 "Rencontre aux Restos du Cœur : prise de rendez-vous au centre."],
}

# (partner key, reason, outcome)
REFERRALS = [
    ("ccas", "Aide facultative (factures d'énergie)", "done"),
    ("utpas", "Accompagnement social, ouverture de droits", "done"),
    ("caf", "Dossier d'allocation logement", "done"),
    ("emmaus", "Équipement informatique et forfait solidaire", "done"),
    ("restos", "Aide alimentaire", "done"),
    ("coup_de_pouce", "Accompagnement aux courses", "pending"),
    ("paroles", "Groupe de parole", "not_done"),
    ("saint_gabriel", "Consultation de soins", "done"),
]


def build_follow_up(ref: Reference, pop: Population, rng: random.Random) -> None:
    actions = {a.name: a for a in Action.objects.filter(name__in=[ISOLATION, RIGHTS])}
    themes = {t.name: t for t in Theme.objects.all()}
    newcomers = Population(rng)
    alone_known = [p for p in pop.persons if p.id and p.household
                   and p.household.composition == Composition.ALONE
                   and 45 <= p.age(D(2020, 1, 1)) <= 75]
    parents_known = [p for p in pop.persons if p.id and p.household
                     and p.household.composition == Composition.SINGLE_PARENT
                     and p.role == "parent"]
    people = []  # (person, action name, opened on, closed on)
    # Médiation sociale (isolation): 26 files in 2020, some opened in 2019.
    for person in rng.sample(alone_known, min(8, len(alone_known))):
        people.append((person, ISOLATION, _day(rng, D(2019, 2, 1), D(2019, 11, 30))))
    for number in range(18):
        opened = _day(rng, D(2019, 3, 1), D(2020, 11, 15)) if number < 6 else \
            _day(rng, D(2020, 1, 6), D(2020, 11, 20))
        if number % 3 == 2:
            person = _single_parent(newcomers, rng, opened)
        else:
            person = newcomers.adult(sex=rng.choice([F, F, M]), ages=(45, 58), on=opened,
                                     alone=True, qpv=rng.random() < 0.4)
        person.first_seen = opened
        people.append((person, ISOLATION, opened))
    # Accès aux droits (CESF): 15 files, mostly single-parent families.
    for person in rng.sample(parents_known, min(3, len(parents_known))):
        people.append((person, RIGHTS, _day(rng, D(2020, 5, 12), D(2020, 10, 15))))
    for number in range(12):
        opened = _day(rng, D(2019, 9, 1), D(2019, 12, 15)) if number < 4 else \
            _day(rng, D(2020, 5, 11), D(2020, 11, 30))
        if number % 3 == 0:
            person = newcomers.adult(sex=rng.choice([F, M]), ages=(40, 62), on=opened,
                                     alone=True, qpv=rng.random() < 0.4)
        else:
            person = _single_parent(newcomers, rng, opened)
        person.first_seen = opened
        people.append((person, RIGHTS, opened))
    # Followed in 2019 only: files closed before 2020 (the comparison of the report).
    for _ in range(9):
        opened = _day(rng, D(2019, 1, 10), D(2019, 6, 30))
        person = newcomers.adult(sex=rng.choice([F, F, M]), ages=(40, 70), on=opened,
                                 alone=rng.random() < 0.7, qpv=rng.random() < 0.4)
        person.first_seen = opened
        people.append((person, rng.choice([ISOLATION, RIGHTS]), opened))
    newcomers.write(schools={})
    stamp_creation(newcomers)
    _write(ref, rng, actions, themes, people)


def _single_parent(pop: Population, rng: random.Random, on: dt.date) -> PPerson:
    household = pop.family(children=[(2, 10)] * rng.choice([1, 2, 3]), on=on, mother=True,
                           qpv=rng.random() < 0.4)
    return household.parents()[0]


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _mode(rng: random.Random, day: dt.date) -> str:
    if LOCKDOWN[0] <= day <= LOCKDOWN[1]:
        weights = MODES_LOCKDOWN
    elif SECOND_LOCKDOWN[0] <= day <= SECOND_LOCKDOWN[1]:
        weights = MODES_SECOND_LOCKDOWN
    elif day.year == 2020 and 5 <= day.month <= 9:
        weights = MODES_SUMMER
    else:
        weights = MODES_ORDINARY
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _contact_days(rng, action_name: str, opened: dt.date, end: dt.date) -> list[dt.date]:
    """Contact dates from the opening to ``end``, about every three weeks, weekly calls
    during the first lockdown for the isolated persons."""
    days, day = [opened], opened
    while True:
        if action_name == ISOLATION and LOCKDOWN[0] <= day <= LOCKDOWN[1]:
            step = rng.randint(6, 9)
        elif LOCKDOWN[0] <= day <= LOCKDOWN[1]:
            step = rng.randint(14, 28)
        else:
            step = rng.randint(14, 40)
        day += dt.timedelta(days=step)
        if day > end:
            return days
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        if day.month == 8 or (day.month == 12 and day.day > 20):
            continue  # the centre is closed
        days.append(day)


def _write(ref, rng, actions, themes, people) -> None:
    files, plans = [], []
    for index, (person, action_name, opened) in enumerate(people):
        # Files of 2019 only (the last nine) close in 2019; a few others close in 2020.
        if index >= len(people) - 9:
            end = _day(rng, opened + dt.timedelta(days=60), D(2019, 12, 10))
        elif rng.random() < 0.2:
            end = _day(rng, max(opened, D(2020, 6, 1)), D(2020, 12, 10))
        else:
            end = D(2020, 12, 18)
        closed = end if end < D(2020, 12, 18) else None
        days = _contact_days(rng, action_name, opened, end)
        files.append(FollowUpFile(
            person_id=person.id, action=actions[action_name],
            whole_household=person.household is not None and bool(person.household.children()),
            referent=ref.team["mediatrice" if action_name == ISOLATION else "cesf"],
            status="closed" if closed else "open", opened_on=opened, closed_on=closed,
            last_contact_on=days[-1], notes="Suivi ouvert à la suite d'une rencontre au centre.",
        ))
        plans.append((action_name, days))
    FollowUpFile.objects.bulk_create(files)
    contacts, contact_themes = [], []
    for file, (action_name, days) in zip(files, plans, strict=True):
        weights = THEMES_BY_ACTION[action_name]
        for day in days:
            mode = _mode(rng, day)
            contact = Contact(file_id=file.id, date=day, mode=mode,
                              minutes=rng.choice([15, 20, 30, 45, 60]) if mode != "phone"
                              else rng.choice([10, 15, 20]),
                              note=rng.choice(NOTES[mode]))
            contacts.append(contact)
            chosen = dict.fromkeys(rng.choices(list(weights), weights=list(weights.values()),
                                               k=rng.choice([1, 1, 2])))
            contact_themes.append([themes[name] for name in chosen])
    Contact.objects.bulk_create(contacts, batch_size=500)
    through = Contact.themes.through
    through.objects.bulk_create(
        [through(contact_id=c.id, theme_id=t.id)
         for c, chosen in zip(contacts, contact_themes, strict=True) for t in chosen],
        batch_size=500,
    )
    referrals = []
    for file, (_action, days) in zip(files, plans, strict=True):
        if len(days) < 3 or rng.random() < 0.55:
            continue
        partner_key, reason, outcome = rng.choice(REFERRALS)
        referrals.append(Referral(file_id=file.id, date=days[1],
                                  partner=ref.partners[partner_key], reason=reason,
                                  outcome=outcome))
    Referral.objects.bulk_create(referrals)
