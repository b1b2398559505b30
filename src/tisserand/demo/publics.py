"""The public of the other actions: santé, isolement, numérique, Fabrique, Caulier, jeunesse,
projets d'animations, danse, français and the centre's open events.

Readings of the report's wording are written next to each figure.
"""

from __future__ import annotations

import datetime as dt

from tisserand.activities.models import Headcount
from tisserand.demo.attendance import Plan, Schedule, new_family, pick, take
from tisserand.demo.population import PHousehold, Population, PPerson
from tisserand.people.models import Household, Person

D = dt.date
F, M = Person.Sex.FEMALE, Person.Sex.MALE
H = Headcount.Category
Y2019 = (D(2019, 1, 1), D(2019, 12, 31))
Y2020 = (D(2020, 1, 1), D(2020, 12, 31))
FOREIGN = ("maghreb", "afrique", "europe", "asie", "moyen_orient", "soudan")


def build_other_publics(plan: Plan, pop: Population, sched: Schedule,
                        clas: list[PHousehold]) -> None:
    families = [h for h in clas if h.tags & {"clas", "clas_2019"}]
    _health(plan, pop, sched, families)
    _isolation(plan, pop, sched, families)
    _youth(plan, pop, sched, families)
    _children_projects(plan, pop, sched, families)
    _dance(plan, pop, sched, families)
    _french(plan, pop, sched, families)
    _open_events(plan, sched)


def _adults(pop: Population, n: int, *, sex: str | None = None, ages=(25, 65),
            on: dt.date = Y2020[0], qpv: bool | None = None) -> list[PPerson]:
    return [
        pop.adult(sex=sex or pop.rng.choice([F, F, F, M]), ages=ages, on=on,
                  alone=pop.rng.random() < 0.5, qpv=qpv)
        for _ in range(n)
    ]


def _mothers(plan: Plan, pop: Population, families: list[PHousehold], n: int,
             used: set[int]) -> list[PPerson]:
    """Mothers of distinct CLAS families (never twice the same family in one list)."""
    chosen = pick(plan.rng, families, n, used=used)
    return [take(pop, h, kids=0, ages=(0, 18), on=Y2020[0], until=Y2020[1])[0]
            for h in chosen]


# -- Projet Santé --------------------------------------------------------------------------

def _health(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    rng = plan.rng
    used: set[int] = set()
    # Atelier cuisine 2020: "6 femmes, 1 homme", 8 ateliers (4 with the dietitian).
    cooks = (_mothers(plan, pop, families, 2, used)
             + [pop.adult(sex=M, ages=(55, 68), on=Y2020[0])]
             + _adults(pop, 4, sex=F, ages=(30, 70)))
    plan.group(sched.held("cuisine", *Y2020), cooks, 0.7)
    cooks_2019 = cooks[:2] + cooks[3:5] + _adults(pop, 5, ages=(30, 70), on=Y2019[0])
    plan.group(sched.held("cuisine", *Y2019), cooks_2019, 0.55)
    cuisine = sched.held("cuisine")
    plan.team(cuisine, "cesf")
    plan.team([s for s in cuisine if s.date < D(2019, 9, 1)], "referente_famille")
    with_dietitian = [s for s in cuisine if s.date.year == 2019 and s.date.day <= 14]
    with_dietitian += [s for s in cuisine if s.date in (D(2020, 1, 9), D(2020, 2, 13),
                                                       D(2020, 3, 12), D(2020, 10, 8))]
    plan.team(with_dietitian, "dieteticienne")

    # Gym douce: "6 personnes, avec une fréquence régulière. Public senior" (60 and over).
    seniors = [pop.adult(sex=F if n < 5 else M, ages=(62, 79), on=Y2019[0]) for n in range(6)]
    gym_2020 = sched.held("gym", *Y2020)
    plan.group(gym_2020, seniors, 0.85, at_least=(len(gym_2020) + 1) // 2)
    plan.group(sched.held("gym", *Y2019), seniors + _adults(pop, 2, ages=(63, 75),
                                                             on=Y2019[0]), 0.75)
    plan.team(sched.held("gym"), "gym")
    plan.team(sched.held("gym"), "cesf", rate=0.3)

    # Balades santé, prepared and led with 2 volunteers.
    walkers = seniors[:3] + cooks[2:4] + _adults(pop, 5, ages=(45, 75))
    plan.group(sched.held("balades", *Y2020), walkers, 0.6)
    plan.group(sched.held("balades", *Y2019), walkers[:6] + _adults(pop, 3, ages=(45, 75),
                                                                      on=Y2019[0]), 0.6)
    plan.team(sched.held("balades"), "balade_v1", "balade_v2")
    plan.team(sched.held("balades"), "cesf", rate=0.5)

    # Sport pour elles 2020: 27 women.
    women = _mothers(plan, pop, families, 5, used) + _adults(pop, 22, sex=F, ages=(18, 52))
    plan.group(sched.held("sport_elles", *Y2020), women, 0.45)
    plan.group(sched.held("sport_elles", *Y2019), women[:12] + _adults(
        pop, 6, sex=F, ages=(18, 50), on=Y2019[0]), 0.5)
    plan.team(sched.held("sport_elles"), "sport_elles")

    # Sophrologie: "10 personnes, dont 6 avec une fréquence régulière" -- regular read as
    # present at half of the 4 sessions or more; the 4 others came once (new faces).
    sessions = sched.held("sophro", *Y2020)
    regulars = cooks[3:5] + women[5:7] + _adults(pop, 2, sex=F, ages=(30, 60))
    for person in regulars:
        for session in rng.sample(sessions, rng.choice([3, 4])):
            plan.mark(session, person)
    for number, person in enumerate(_adults(pop, 4, sex=F, ages=(25, 60))):
        plan.mark(sessions[number % len(sessions)], person)
    plan.team(sessions, "sophrologue")

    # Biocabas: 8 persons at Norabio's talk in January; 12 families from September.
    talk = sched.held("biocabas", D(2020, 1, 1), D(2020, 1, 31))
    for person in cooks[:3] + women[:2] + _adults(pop, 3, ages=(30, 70)):
        plan.mark(talk[0], person)
    plan.team(talk, "cesf", "norabio")
    baskets = sched.held("biocabas", D(2020, 9, 1), Y2020[1])
    takers = cooks[:2] + women[2:4] + _adults(pop, 8, ages=(28, 75))
    assert len({id(p.household) for p in takers}) == 12
    plan.group(baskets, takers, 0.6)
    plan.team(baskets, "cesf")


# -- Isolement, numérique, Fabrique, Caulier ---------------------------------------------

def _isolation(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    rng = plan.rng
    # Espace Alma: "un noyau d'habitués d'environ 7 personnes [...] âgées de 45 à 79 ans,
    # seules, qui ne travaillent plus", plus inhabitants "de passage".
    core = []
    for number, ages in enumerate([(46, 50), (52, 57), (58, 62), (63, 67), (66, 70),
                                   (71, 74), (74, 77)]):
        person = pop.adult(sex=F if number % 3 else M, ages=ages, on=Y2019[0], alone=True)
        person.household.composition = Household.Composition.ALONE
        core.append(person)
    plan.group(sched.held("alma"), core, 0.65)
    for year, n in ((Y2019, 9), (Y2020, 8)):
        sessions = sched.held("alma", *year)
        for person in _adults(pop, n, ages=(30, 80), on=year[0]):
            for session in rng.sample(sessions, rng.randint(1, 4)):
                plan.mark(session, person)
    plan.team(sched.held("alma"), "mediatrice")

    # Ateliers numériques (Emmaüs Connect until March 2020, Orange Solidarité after).
    learners = core[:4] + _adults(pop, 8, ages=(35, 80), on=Y2019[0])
    plan.group(sched.held("numerique"), learners, 0.45)
    numerique = sched.held("numerique")
    plan.team(numerique, "animateur_cyber")
    plan.team([s for s in numerique if s.date < D(2020, 4, 1)], "emmaus")
    plan.team([s for s in numerique if s.date > D(2020, 4, 1)], "orange")

    # Fabrique des petits possibles: "une dizaine de personnes ont participé à la
    # discussion autour du projet, une trentaine à la représentation" (counted, no names).
    talk, play = sched.held("inclusion")
    plan.mark(talk, *core[:3], *learners[4:7], *_adults(pop, 4, ages=(30, 75)))
    plan.count(play, H.ADULTS, 23)
    plan.count(play, H.SENIORS, 8)
    plan.team([talk, play], "mediatrice")
    plan.team([play], "theatre")
    # Semaine de la Solidarité: "des centaines de personnes, de tout âge".
    for session, counts in zip(sched.held("solidarite"), [
        {H.CHILDREN: 60, H.ADULTS: 45}, {H.CHILDREN: 40, H.ADULTS: 35},
        {H.EVERYONE: 150}, {H.CHILDREN: 45, H.YOUTH: 10}, {H.CHILDREN: 50, H.YOUTH: 12},
        {H.EVERYONE: 85}, {H.CHILDREN: 40, H.ADULTS: 30}, {H.EVERYONE: 60},
    ], strict=True):
        for category, number in counts.items():
            plan.count(session, category, number)
    plan.team(sched.held("solidarite"), "mediatrice", "anim_enfance", "coordinatrice")

    # Projet Caulier: "participation d'une trentaine d'habitants, de tout âge" -- read as
    # 30 distinct persons over 2020: 24 in the portrait and writing ateliers, 6 teenagers
    # at the photo course.
    group_2019 = _adults(pop, 12, ages=(25, 80), on=Y2019[0], qpv=True)
    plan.group(sched.held("caulier", *Y2019), group_2019, 0.45)
    people = core[3:5] + group_2019[:6] + _adults(pop, 4, ages=(25, 80), qpv=True)
    for kids, father in ((2, False), (2, False), (1, True)):
        _household, members = new_family(pop, kids=kids, ages=(4, 11), on=Y2020[0],
                                         until=Y2020[1], father=father)
        people += members
    people += [pop.youth(ages=(12, 17), on=Y2020[0], until=Y2020[1]) for _ in range(3)]
    assert len(people) == 24
    plan.group(sched.held("caulier", *Y2020), people, 0.4)
    photo = sched.held("caulier_photo")
    for _ in range(6):
        youth = pop.youth(ages=(12, 17), on=photo[0].date)
        for session in rng.sample(photo, rng.randint(2, 3)):
            plan.mark(session, youth)
    plan.team(sched.held("caulier"), "mediatrice", "photographe")
    plan.team(photo, "photographe", "anim_jeunesse1")


# -- Jeunesse ------------------------------------------------------------------------------

def _youth(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    rng = plan.rng
    # Manger, Bouger: "24 jeunes, âgés de 11 à 15 ans" over the project, "12 jeunes toujours
    # présents" at futsal (present at every futsal session held); 3 animateurs and 1
    # intervenant (the dietitian).
    regulars = [pop.youth(ages=(11, 15), on=Y2020[0], until=Y2020[1], sex=M if n < 9 else F)
                for n in range(12)]
    others = [pop.youth(ages=(11, 15), on=Y2020[0], until=Y2020[1], sex=M if n < 5 else F)
              for n in range(12)]
    futsal = sched.held("futsal", *Y2020)
    for session in futsal:
        plan.mark(session, *regulars)
    plan.group(futsal, others, 0.2, at_least=0)
    food = sched.held("mb_alimentation", *Y2020)
    sport = sched.held("mb_sport", *Y2020)
    for session in food:
        plan.mark(session, *rng.sample(regulars + others, rng.randint(8, 13)))
    for session in sport:
        plan.mark(session, *rng.sample(regulars + others, rng.randint(6, 12)))
    for person in others:
        if not plan.attended(person, futsal + food + sport):
            plan.mark(rng.choice(food), person)
    plan.team(futsal, "resp_jeunesse")
    plan.team(futsal, "anim_jeunesse1", rate=0.6)
    plan.team(food, "resp_jeunesse", "anim_jeunesse2")
    plan.team([s for s in food if s.date in (D(2020, 2, 25), D(2020, 3, 3),
                                             D(2020, 10, 21))], "dieteticienne")
    plan.team(sport, "anim_jeunesse1")
    plan.team(sport, "anim_jeunesse2", rate=0.5)

    # The other LALP actions: "tous les jeunes du LALP de 11 à 17 ans".
    older = [pop.youth(ages=(16, 17), on=D(2020, 10, 1), until=Y2020[1]) for _ in range(4)]
    boxes = sched.held("boites")
    for person in regulars[:3] + others[:3] + older:
        for session in rng.sample(boxes, rng.randint(2, 3)):
            plan.mark(session, person)
    plan.team(boxes, "anim_jeunesse2", "anim_enfance")
    solidarity = sched.held("solidaires")
    plan.group(solidarity, regulars[3:6] + others[3:5] + older[:3], 0.7)
    plan.team(solidarity, "resp_jeunesse", "anim_jeunesse1")
    # Code de la route: "un groupe de 8 jeunes", "grande assiduité".
    code = sched.held("code")
    drivers = older[:2] + [pop.youth(ages=(15, 17), on=D(2020, 10, 1), until=Y2020[1])
                           for _ in range(6)]
    plan.group(code, drivers, 0.85)
    plan.team(code, "anim_jeunesse1")
    plan.team(code, "ornikar", rate=0.5)
    # Projet intergénérationnel: "un groupe de 6 jeunes", letters written on Wednesdays.
    letters = sched.held("intergen")
    plan.group(letters, regulars[6:9] + others[6:9], 0.9)
    plan.team(letters, "anim_jeunesse2")


# -- Enfance: projets d'animations ----------------------------------------------------------

PROJECT_TEAMS = {
    "anim_nature": ("anim_enfance", "anim_enfance2"), "anim_art": ("anim_enfance", "anim_enfance2"),
    "anim_bois": ("anim_enfance2",), "anim_solidaire": ("anim_enfance",),
}

def _children_projects(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    # "Plus de 10 séances par projet, essentiellement les mercredis. Public de 6 à 12 ans."
    previous: list[PPerson] = []
    for key in ("anim_nature", "anim_art", "anim_bois", "anim_solidaire"):
        sessions = sched.held(key)
        on, until = sessions[0].date, sessions[-1].date
        kids = [p for p in previous if p.age(on) >= 6 and p.age(until) <= 12][:6]
        for household in pick(plan.rng, families, 3):
            kids += take(pop, household, kids=1, ages=(6, 12), on=on, until=until,
                         mother=False)
        kids = list({id(k): k for k in kids}.values())  # a child met twice counts once
        while len(kids) < 13:
            kids += new_family(pop, kids=1, ages=(6, 12), on=on, until=until,
                               mother=False, father=False)[1][-1:]
        plan.group(sessions, kids, 0.7)
        previous = kids
        plan.team(sessions, *PROJECT_TEAMS[key])


# -- Ateliers Danse -------------------------------------------------------------------------

SEASON_2018 = (D(2018, 9, 17), D(2019, 6, 30))
SEASON_2019 = (D(2019, 9, 16), D(2020, 6, 30))
SEASON_2020 = (D(2020, 9, 14), D(2020, 12, 31))
# Season 2019-2020: 111 participants (the ACM initiation, counted without names, apart).
DANCE_GROUPS = [
    (("danse_34",), (3, 4), 10),
    (("danse_56",), (5, 6), 12),
    (("danse_78_lun", "danse_78_mer"), (7, 8), 18),
    (("danse_910",), (9, 10), 14),
    (("danse_ados",), (11, 15), 12),
    (("danse_adultes_lun1", "danse_adultes_lun2", "danse_adultes_mer"), (20, 54), 30),
    (("danse_seniors",), (55, 80), 15),
]


def _dance_group(age: int) -> tuple[str, ...] | None:
    for keys, (low, high), _n in DANCE_GROUPS:
        if low <= age <= high:
            return keys
    return None


def _dancer(pop: Population, ages: tuple[int, int], season: tuple[dt.date, dt.date],
            families: list[PHousehold]) -> PPerson:
    if ages[0] >= 20:
        sex = F if pop.rng.random() < 0.88 else M
        return pop.adult(sex=sex, ages=ages, on=season[0], alone=pop.rng.random() < 0.4)
    if families and pop.rng.random() < 0.25:
        household = families.pop(0)
        return take(pop, household, kids=1, ages=ages, on=season[0], until=season[1],
                    mother=False)[0]
    return new_family(pop, kids=1, ages=ages, on=season[0], until=season[1], mother=False,
                      father=False)[1][-1]


def _dance(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    rng = plan.rng
    spare = pick(rng, families, 8)

    def attend(dancers: list[tuple[str, PPerson]], season) -> None:
        for key, person in dancers:
            plan.group(sched.held(key, *season), [person], 0.8)

    # Season 2019-2020: 111 participants.
    season_2019 = []
    for keys, ages, n in DANCE_GROUPS:
        for number in range(n):
            season_2019.append((keys[number % len(keys)], _dancer(pop, ages, SEASON_2019,
                                                                  spare)))
    assert len({id(p) for _k, p in season_2019}) == 111
    attend(season_2019, SEASON_2019)
    # Season 2018-2019: 83 participants (111 = 83 + 28): 60 of them went on, 23 stopped.
    eligible = [(keys, p) for _k, p in season_2019
                if (keys := _dance_group(p.age(SEASON_2018[0])))]
    season_2018 = [(keys[n % len(keys)], p) for n, (keys, p) in
                   enumerate(rng.sample(eligible, 60))]
    for ages, n in (((5, 8), 3), ((9, 10), 4), ((13, 15), 5), ((22, 50), 8), ((56, 75), 3)):
        for _ in range(n):
            person = _dancer(pop, ages, SEASON_2018, [])
            keys = _dance_group(person.age(SEASON_2018[0]))
            season_2018.append((keys[rng.randrange(len(keys))], person))
    assert len({id(p) for _k, p in season_2018}) == 83
    attend(season_2018, SEASON_2018)
    # Season 2020-2021 (until the second lockdown): most dancers are back, a few new.
    season_2020 = []
    for _key, person in season_2019:
        keys = _dance_group(person.age(SEASON_2020[0]))
        if keys and rng.random() < 0.7:
            season_2020.append((keys[rng.randrange(len(keys))], person))
    for ages in ((3, 4), (3, 4), (5, 6), (7, 8), (20, 50), (20, 50), (56, 70)):
        person = _dancer(pop, ages, SEASON_2020, [])
        keys = _dance_group(person.age(SEASON_2020[0]))
        season_2020.append((keys[0], person))
    attend(season_2020, SEASON_2020)

    dance_keys = [k for keys, _a, _n in DANCE_GROUPS for k in keys]
    for key in (*dance_keys, "danse_acm"):
        plan.team(sched.held(key), "danse")
    # ACM and Chats Perchés initiation: "entre 10 et 15 enfants" each Wednesday, counted.
    acm = sched.held("danse_acm")
    plan.team(acm, "anim_enfance")
    for session in acm:
        plan.count(session, H.CHILDREN, rng.randint(10, 15))
    # Portes ouvertes of 11 December 2019: families and friends watch the ateliers.
    for key in (*dance_keys, "danse_acm"):
        for session in sched.held(key, D(2019, 12, 11), D(2019, 12, 11)):
            plan.count(session, H.ADULTS, rng.randint(8, 20))


# -- Atelier de français --------------------------------------------------------------------

def _learner(pop: Population, sex: str, origin: str, on: dt.date) -> PPerson:
    return pop.adult(sex=sex, ages=(24, 58), on=on, alone=pop.rng.random() < 0.5,
                     origin=origin, qpv=pop.rng.random() < 0.7)


def _french(plan: Plan, pop: Population, sched: Schedule, families) -> None:
    rng = plan.rng
    # January to March 2020: 8 sessions, "entre 7 et 13 personnes, dont 7 très assidues";
    # men (Sudan, Angola, Syria) and women (Maghreb, Russia, Cambodia) about equal. Some are
    # parents of CLAS children, who learn while their child is at the CLAS next door.
    clas_parents = [h for h in families if h.origin in FOREIGN][:2]
    assiduous = [take(pop, h, kids=0, ages=(0, 18), on=Y2020[0], until=Y2020[1])[0]
                 for h in clas_parents]
    for sex, origin in ((M, "soudan"), (M, "soudan"), (M, "afrique"), (M, "moyen_orient"),
                        (F, "europe")):
        assiduous.append(_learner(pop, sex, origin, Y2019[0]))
    occasional = [_learner(pop, sex, origin, Y2019[0]) for sex, origin in (
        (M, "afrique"), (M, "moyen_orient"), (M, "soudan"), (F, "maghreb"), (F, "asie"),
        (F, "europe"), (F, "maghreb"))]
    early = sched.held("francais", D(2020, 1, 1), D(2020, 3, 31))
    assert len(early) == 8
    # Occasional learners besides the one who must come: 13 present at the first session,
    # the 7 assiduous alone at the last one.
    extras = (5, 2, 3, 1, 4, 2, 3, 0)
    for number, session in enumerate(early):
        plan.mark(session, *assiduous)
        must = occasional[number:number + 1]  # each occasional learner comes at least once
        rest = [p for p in occasional if p not in must]
        rng.randint(0, 4)  # the draw the demo always made: the later draws stay the same
        plan.mark(session, *must, *rng.sample(rest, extras[number]))
    # Since 21 September: "seulement 6 apprenants peuvent être accueillis".
    autumn = sched.held("francais", D(2020, 9, 1), Y2020[1])
    group = assiduous[2:6] + occasional[:1] + [
        _learner(pop, F, "maghreb", D(2020, 9, 1)), _learner(pop, M, "afrique", D(2020, 9, 1)),
        _learner(pop, F, "asie", D(2020, 9, 1))]
    for number, session in enumerate(autumn):
        must = group[2 * number:2 * number + 2]
        rest = [p for p in group if p not in must]
        plan.mark(session, *must, *rng.sample(rest, rng.randint(2, 4)))
    # 2019: "une quinzaine de personnes" -- 15 distinct learners.
    learners_2019 = assiduous[2:] + occasional[:4] + [
        _learner(pop, sex, origin, Y2019[0]) for sex, origin in (
            (F, "maghreb"), (M, "afrique"), (F, "europe"), (M, "moyen_orient"),
            (F, "asie"), (M, "soudan"))]
    assert len(learners_2019) == 15
    plan.group(sched.held("francais", *Y2019), learners_2019, 0.5)
    plan.team(sched.held("francais", end=D(2020, 6, 30)), "fr_v1", "fr_v2")
    plan.team(autumn, "fr_v1", "fr_v2", "fr_v3", "fr_v4")


# -- Temps forts ---------------------------------------------------------------------------

def _open_events(plan: Plan, sched: Schedule) -> None:
    rng = plan.rng
    for session in sched.held("temps_forts"):
        plan.count(session, H.CHILDREN, rng.randint(30, 90))
        plan.count(session, H.ADULTS, rng.randint(40, 120))
        plan.count(session, H.SENIORS, rng.randint(5, 25))
    plan.team(sched.held("temps_forts"), "directrice", "coordinatrice")

