"""The programme of the demo centre: every action of the 2020 report, in the report's order,
with its sectors, orientations, funding schemes, partners, referents and ateliers.

The permanence Écrivains publics has no atelier: its desk, appointments and interviews are
in ``demo.desks``; the individual follow-up of the two actions of the médiation and of the
accès aux droits is in ``demo.followup``.
"""

import datetime as dt

from tisserand.activities.models import Action, ActionPartner, Activity, WeeklySlot
from tisserand.demo.centre import Reference

R = ActionPartner.Role
MON, TUE, WED, THU, FRI, SAT = range(6)


def t(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


# An atelier: key, name, (min age, max age), default place, weekly slots, contributors,
# capacity, start, end. Slots are (weekday, "HH:MM", "HH:MM").
def atelier(key, name, ages=(None, None), place=None, slots=(), team=(), capacity=None,
            start=None, end=None, description=""):
    return {
        "key": key, "name": name, "ages": ages, "place": place, "slots": slots, "team": team,
        "capacity": capacity, "start": start, "end": end, "description": description,
    }


ACTIONS = [
    {
        "name": "Animation globale et vie du quartier",
        "sectors": ["globale"], "orientations": ["mixite", "culture"], "funding": [],
        "partners": [("caf", R.FUNDER), ("ville", R.FUNDER)],
        "referents": ["directrice", "coordinatrice"],
        "summary": "Vie associative, temps forts du quartier, sorties culturelles.",
        "ateliers": [
            atelier("temps_forts", "Temps forts et fêtes de quartier", place="activites",
                    team=["directrice", "coordinatrice"],
                    description="Vœux, festival du court métrage, fête de fin d'année, "
                                "Quartiers d'été : public compté sans nom."),
        ],
    },
    {
        "name": "Projet d'animations",
        "sectors": ["enfance"], "orientations": ["parents"], "funding": ["ACM"],
        "partners": [("caf", R.FUNDER)], "referents": ["anim_enfance"],
        "summary": "Projets art, bois et solidaire avec les enfants de l'accueil de loisirs.",
        "ateliers": [
            atelier("anim_nature", "Projet Nature", (6, 12), "chats",
                    team=["anim_enfance", "anim_enfance2"], start=dt.date(2019, 3, 1),
                    end=dt.date(2019, 6, 30)),
            atelier("anim_art", "Projet Art", (6, 12), "chats",
                    team=["anim_enfance", "anim_enfance2"], start=dt.date(2020, 1, 1),
                    end=dt.date(2020, 7, 31)),
            atelier("anim_bois", "Projet Bois", (6, 12), "chats",
                    team=["anim_enfance2"], start=dt.date(2020, 9, 1)),
            atelier("anim_solidaire", "Projet Solidaire", (6, 12), "chats",
                    team=["anim_enfance"], start=dt.date(2020, 9, 1)),
        ],
    },
    {
        "name": "Manger, Bouger",
        "sectors": ["jeunesse"], "orientations": ["droits"], "funding": ["LALP", "ARS"],
        "partners": [("bbg", R.DONOR), ("biocbon", R.DONOR), ("biocoop", R.DONOR),
                     ("ars", R.FUNDER), ("caf", R.FUNDER)],
        "referents": ["resp_jeunesse"], "start": dt.date(2020, 1, 1),
        "summary": "Alimentation plus saine et pratique sportive hebdomadaire des jeunes.",
        "ateliers": [
            atelier("futsal", "Futsal", (11, 15), "gymnase",
                    slots=[(TUE, "19:00", "20:00"), (SAT, "11:30", "13:30")],
                    team=["resp_jeunesse", "anim_jeunesse1", "anim_jeunesse2"], capacity=16),
            atelier("mb_alimentation", "Temps culinaires et alimentation", (11, 15), "cuisine",
                    team=["resp_jeunesse", "anim_jeunesse2", "dieteticienne"]),
            atelier("mb_sport", "Activités sportives (vacances et hors les murs)", (11, 15),
                    "gymnase", team=["anim_jeunesse1", "resp_jeunesse"]),
        ],
    },
    {
        "name": "Boîtes à chaussures – Noël",
        "sectors": ["jeunesse"], "orientations": ["isolement"], "funding": ["LALP"],
        "partners": [("cme", R.OPERATIONAL)], "referents": ["resp_jeunesse"],
        "start": dt.date(2020, 11, 1),
        "ateliers": [
            atelier("boites", "Boîtes à chaussures de Noël", (11, 17), "jeunesse",
                    team=["anim_jeunesse2", "anim_enfance"]),
        ],
    },
    {
        "name": "Actions solidaires à destination des personnes dans le besoin",
        "sectors": ["jeunesse"], "orientations": ["isolement"], "funding": ["LALP", "PIC"],
        "partners": [("restos", R.OPERATIONAL), ("cme", R.OPERATIONAL)],
        "referents": ["resp_jeunesse"], "start": dt.date(2020, 11, 1),
        "ateliers": [
            atelier("solidaires", "Collecte et maraude solidaire", (11, 17), "jeunesse",
                    team=["resp_jeunesse", "anim_jeunesse1"]),
        ],
    },
    {
        "name": "Code de la route",
        "sectors": ["jeunesse"], "orientations": ["droits"], "funding": ["LALP"],
        "partners": [("ornikar", R.FACILITATION)], "referents": ["anim_jeunesse1"],
        "start": dt.date(2020, 10, 1),
        "ateliers": [
            atelier("code", "Code de la route", (11, 17), "informatique",
                    slots=[(MON, "17:30", "19:00"), (THU, "17:30", "19:00")],
                    team=["anim_jeunesse1", "ornikar"], capacity=8),
        ],
    },
    {
        "name": "Projet intergénérationnel",
        "sectors": ["jeunesse"], "orientations": ["mixite"], "funding": ["LALP"],
        "partners": [("nda", R.OPERATIONAL), ("temps_de_vie", R.OPERATIONAL)],
        "referents": ["anim_jeunesse2"], "start": dt.date(2020, 10, 1),
        "ateliers": [
            atelier("intergen", "Correspondance avec les résidents", (11, 17), "jeunesse",
                    slots=[(WED, "14:00", "16:00")], team=["anim_jeunesse2"]),
        ],
    },
    {
        "name": "Action CLAS (Contrat Local d'Accompagnement à la Scolarité)",
        "sectors": ["adultes"], "orientations": ["parents"], "funding": ["CLAS"],
        "partners": [("brunschvicg", R.REFERRER), ("roland", R.REFERRER),
                     ("cornette", R.REFERRER), ("dupleix", R.REFERRER), ("caf", R.FUNDER)],
        "referents": ["animateur_clas", "referente_famille"],
        "summary": "Accompagnement à la scolarité des enfants orientés par les 4 écoles "
                   "primaires du quartier, avec leurs parents.",
        "ateliers": [
            atelier("clas_cd", "CLAS Cornette / Dupleix", (6, 11), "activites",
                    slots=[(MON, "16:15", "18:30"), (THU, "16:15", "18:30")],
                    team=["animateur_clas", "clas_v1", "clas_v2"], capacity=12),
            atelier("clas_br", "CLAS Brunschvicg / Roland", (6, 11), "activites",
                    slots=[(TUE, "16:15", "18:30"), (FRI, "16:15", "18:30")],
                    team=["animateur_clas", "clas_v3", "clas_v4", "clas_v5"], capacity=18),
        ],
    },
    {
        "name": "Ateliers Parents/Enfants",
        "sectors": ["adultes"], "orientations": ["parents"], "funding": ["REAAP"],
        "partners": [("utpas", R.REFERRER), ("ccas", R.REFERRER),
                     ("mediatheque", R.FACILITATION), ("caf", R.FUNDER)],
        "referents": ["referente_famille"],
        "summary": "Ateliers qui réunissent parents et enfants (REAAP).",
        "ateliers": [
            atelier("corporelle", "Expression corporelle", (0, 10), "activites",
                    team=["referente_famille", "corporel", "animateur_clas"]),
            atelier("cirque", "Atelier cirque", (7, 10), "activites",
                    team=["referente_famille", "cirque", "animateur_clas"]),
            atelier("livres", "Éveil aux livres", (0, 5), "alma_local",
                    slots=[(THU, "17:00", "18:00")],
                    team=["livres_v1", "livres_v2", "referente_famille", "animateur_clas"]),
            atelier("musicale", "Expression musicale", (3, 11), "activites",
                    team=["referente_famille", "musique", "animateur_clas"]),
            atelier("recreatifs", "Après-midi récréatifs", (0, 11), "activites",
                    team=["referente_famille", "animateur_clas"]),
        ],
    },
    {
        "name": "Projet Santé",
        "sectors": ["adultes", "globale"], "orientations": ["droits"], "funding": ["ARS"],
        "partners": [("norabio", R.FACILITATION), ("reseau_diabete", R.OPERATIONAL),
                     ("ccas", R.OPERATIONAL), ("temps_de_vie", R.OPERATIONAL),
                     ("ars", R.FUNDER), ("cfppa", R.FUNDER)],
        "referents": ["cesf"],
        "summary": "Prévention par l'alimentation et l'activité physique (action transversale).",
        "ateliers": [
            atelier("cuisine", "Atelier cuisine", (18, None), "cuisine",
                    team=["cesf", "dieteticienne"], capacity=10),
            atelier("gym", "Gymnastique douce", (60, None), "activites",
                    slots=[(TUE, "10:00", "11:00")], team=["gym", "cesf"], capacity=12),
            atelier("balades", "Balades santé", (18, None), "quartier",
                    team=["balade_v1", "balade_v2", "cesf"]),
            atelier("sophro", "Sophrologie", (18, None), "activites",
                    team=["sophrologue", "cesf"], capacity=12),
            atelier("sport_elles", "Sport pour elles", (16, None), "gymnase",
                    slots=[(FRI, "18:00", "19:30")], team=["sport_elles", "cesf"]),
            atelier("biocabas", "Biocabas accessibles", (18, None), "porche",
                    team=["cesf", "norabio"]),
        ],
    },
    {
        "name": "Lutte contre l'isolement : repérage, accompagnement individuel et projets "
                "collectifs",
        "sectors": ["adultes"], "orientations": ["isolement"], "funding": ["CFPPA"],
        "partners": [("coup_de_pouce", R.OPERATIONAL), ("paroles", R.OPERATIONAL),
                     ("restos", R.OPERATIONAL), ("cfppa", R.FUNDER),
                     ("departement", R.FUNDER)],
        "referents": ["mediatrice"],
        "summary": "Médiation sociale, « aller vers », après-midi collectifs de l'Espace Alma.",
        "ateliers": [
            atelier("alma", "Espace Alma (après-midi)", (18, None), "alma_local",
                    slots=[(TUE, "14:00", "17:00"), (THU, "14:00", "17:00")],
                    team=["mediatrice"]),
        ],
    },
    {
        "name": "Accompagnement aux démarches administratives, information/sensibilisation "
                "aux droits",
        "sectors": ["adultes"], "orientations": ["droits", "isolement"], "funding": [],
        "partners": [("emmaus", R.FACILITATION), ("orange", R.FACILITATION)],
        "referents": ["mediatrice", "animateur_cyber"],
        "summary": "Accès aux droits et ateliers numériques (l'accompagnement individuel "
                   "sera suivi avec les rendez-vous).",
        "ateliers": [
            atelier("numerique", "Ateliers numériques", (16, None), "informatique",
                    team=["animateur_cyber", "emmaus", "orange"], capacity=8),
        ],
    },
    {
        "name": "La Fabrique des petits possibles et la Semaine de la Solidarité",
        "sectors": ["adultes", "globale"], "orientations": ["isolement", "mixite"],
        "funding": [],
        "partners": [("coup_de_pouce", R.OPERATIONAL), ("lion_or", R.OPERATIONAL),
                     ("paroles", R.OPERATIONAL), ("imaginer", R.OPERATIONAL),
                     ("belle_histoire", R.FACILITATION), ("emmaus", R.FACILITATION),
                     ("orange", R.FACILITATION)],
        "referents": ["mediatrice", "coordinatrice"],
        "ateliers": [
            atelier("inclusion", "Projet inclusion numérique", (16, None), "activites",
                    team=["mediatrice", "theatre"]),
            atelier("solidarite", "Semaine de la Solidarité", place="activites",
                    team=["mediatrice", "anim_enfance", "coordinatrice"]),
        ],
    },
    {
        "name": "Le Projet Caulier : « J'habite Caulier, ras-le-bol des préjugés »",
        "sectors": ["adultes"], "orientations": ["mixite"], "funding": [],
        "partners": [("mosaique", R.OPERATIONAL), ("itineraires", R.OPERATIONAL),
                     ("imaginer", R.OPERATIONAL), ("paroles", R.OPERATIONAL),
                     ("mediatheque", R.OPERATIONAL), ("dupleix", R.OPERATIONAL),
                     ("ville", R.FUNDER)],
        "referents": ["mediatrice"], "start": dt.date(2019, 6, 1),
        "ateliers": [
            atelier("caulier", "Portraits, écriture et livre géant", place="caulier",
                    team=["mediatrice", "photographe"]),
            atelier("caulier_photo", "Stage photo adolescents", (12, 17), "caulier",
                    team=["photographe", "anim_jeunesse1"]),
        ],
    },
    {
        "name": "Ateliers Danse",
        "sectors": ["adultes"], "orientations": ["parents", "mixite", "culture"],
        "funding": ["ACM", "PIC"],
        "partners": [("sabotiere", R.OPERATIONAL), ("coup_de_pouce", R.OPERATIONAL),
                     ("pre_muche", R.DONOR)],
        "referents": ["coordinatrice"],
        "summary": "Danse contemporaine, saison de septembre à juin, salle Jean Cooren.",
        "ateliers": [
            atelier("danse_78_lun", "Danse enfants 7-8 ans (lundi)", (7, 8), "cooren",
                    slots=[(MON, "16:30", "17:30")], team=["danse"]),
            atelier("danse_910", "Danse enfants 9-10 ans", (9, 10), "cooren",
                    slots=[(MON, "17:30", "18:30")], team=["danse"]),
            atelier("danse_adultes_lun1", "Danse adultes (lundi 18 h 45)", (20, 55), "cooren",
                    slots=[(MON, "18:45", "19:45")], team=["danse"]),
            atelier("danse_adultes_lun2", "Danse adultes (lundi 20 h)", (20, 55), "cooren",
                    slots=[(MON, "20:00", "21:00")], team=["danse"]),
            atelier("danse_34", "Danse enfants 3-4 ans", (3, 4), "cooren",
                    slots=[(WED, "10:15", "11:00")], team=["danse"]),
            atelier("danse_56", "Danse enfants 5-6 ans", (5, 6), "cooren",
                    slots=[(WED, "11:15", "12:15")], team=["danse"]),
            atelier("danse_seniors", "Danse seniors (55 ans et plus)", (55, None), "cooren",
                    slots=[(WED, "13:30", "14:30")], team=["danse"]),
            atelier("danse_78_mer", "Danse enfants 7-8 ans (mercredi)", (7, 8), "cooren",
                    slots=[(WED, "15:30", "16:30")], team=["danse"]),
            atelier("danse_ados", "Danse ados (collège)", (11, 15), "cooren",
                    slots=[(WED, "16:30", "17:30")], team=["danse"]),
            atelier("danse_adultes_mer", "Danse adultes (mercredi)", (20, 55), "cooren",
                    slots=[(WED, "17:30", "18:30")], team=["danse"]),
            atelier("danse_acm", "Initiation danse ACM et Chats Perchés", (3, 10), "cooren",
                    slots=[(WED, "14:30", "15:30")], team=["danse", "anim_enfance"],
                    description="Enfants de l'accueil de loisirs, comptés sans nom ; hors "
                                "des participants des ateliers danse."),
        ],
    },
    {
        "name": "Atelier de français",
        "sectors": ["adultes"], "orientations": ["droits", "isolement"], "funding": [],
        "partners": [("restos", R.REFERRER)],
        "referents": ["referente_famille"], "start": dt.date(2018, 1, 1),
        "summary": "Français oral et écrit, animé par des bénévoles enseignantes retraitées.",
        "ateliers": [
            atelier("francais", "Atelier de français", (18, None), "informatique",
                    slots=[(MON, "16:30", "18:00")],
                    team=["fr_v1", "fr_v2", "fr_v3", "fr_v4"], capacity=13),
        ],
    },
    {
        "name": "Permanence Ecrivains publics",
        "sectors": ["adultes"], "orientations": ["droits"], "funding": [],
        "partners": [],
        "referents": ["ep_v1", "ep_v2"],
        "summary": "Deux bénévoles reçoivent sur rendez-vous, le mardi de 14 h 00 à 16 h 00.",
        "ateliers": [],
    },
]


K, P = Action.Kind, Action.ReportPeriod
Y2019, SEASON_2018 = dt.date(2019, 1, 1), dt.date(2018, 9, 1)
# How each action is reported: its kind (the figures the report shows by default), by
# calendar year or by season, and since when its sessions were all typed in. The demo's
# centre records everything from 2020 (its 2019 is incomplete: the accueil de loisirs and
# the youth sector were not typed in), but these actions' 2019 (and the dance's 2018-2019
# season) were recorded from their registers, so they compare with the year before.
REPORTING = {
    "Animation globale et vie du quartier": (K.EVENT, P.YEAR, Y2019),
    "Projet d'animations": (K.GENERAL, P.YEAR, Y2019),
    "Manger, Bouger": (K.YOUTH, P.YEAR, None),
    "Boîtes à chaussures – Noël": (K.YOUTH, P.YEAR, None),
    "Actions solidaires à destination des personnes dans le besoin": (K.YOUTH, P.YEAR, None),
    "Code de la route": (K.YOUTH, P.YEAR, None),
    "Projet intergénérationnel": (K.YOUTH, P.YEAR, None),
    "Action CLAS (Contrat Local d'Accompagnement à la Scolarité)": (K.SCHOOL, P.YEAR, Y2019),
    "Ateliers Parents/Enfants": (K.PARENT_CHILD, P.YEAR, Y2019),
    "Projet Santé": (K.ADULTS, P.YEAR, Y2019),
    "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs": (
        K.ADULTS, P.YEAR, Y2019),
    "Accompagnement aux démarches administratives, information/sensibilisation aux droits": (
        K.ADULTS, P.YEAR, Y2019),
    "La Fabrique des petits possibles et la Semaine de la Solidarité": (
        K.GENERAL, P.YEAR, Y2019),
    "Le Projet Caulier : « J'habite Caulier, ras-le-bol des préjugés »": (
        K.GENERAL, P.YEAR, Y2019),
    "Ateliers Danse": (K.GENERAL, P.SEASON, SEASON_2018),
    "Atelier de français": (K.ADULTS, P.YEAR, Y2019),
    "Permanence Ecrivains publics": (K.DESK, P.YEAR, Y2019),
}


def build_programme(ref: Reference) -> dict[str, Activity]:
    """Create the actions, their ateliers and weekly slots; return ateliers by key."""
    activities: dict[str, Activity] = {}
    partner_links = []
    for position, spec in enumerate(ACTIONS, start=1):
        kind, period, records_start = REPORTING[spec["name"]]
        action = Action.objects.create(
            name=spec["name"], position=position, summary=spec.get("summary", ""),
            start_date=spec.get("start"), kind=kind, report_period=period,
            records_start=records_start,
            # The first sector listed is where the report tells a transversal action.
            main_sector=ref.sectors[spec["sectors"][0]],
        )
        action.sectors.set([ref.sectors[k] for k in spec["sectors"]])
        action.orientations.set([ref.orientations[k] for k in spec["orientations"]])
        action.funding_schemes.set([ref.funding[k] for k in spec["funding"]])
        action.referents.set([ref.team[k] for k in spec["referents"]])
        for partner_key, role in spec["partners"]:
            partner_links.append(
                ActionPartner(action=action, partner=ref.partners[partner_key], role=role)
            )
        for item in spec["ateliers"]:
            activity = Activity.objects.create(
                action=action, name=item["name"], description=item["description"],
                min_age=item["ages"][0], max_age=item["ages"][1],
                default_place=ref.places[item["place"]] if item["place"] else None,
                capacity=item["capacity"], start_date=item["start"], end_date=item["end"],
            )
            activity.contributors.set([ref.team[k] for k in item["team"]])
            WeeklySlot.objects.bulk_create(
                WeeklySlot(activity=activity, weekday=day, start_time=t(a), end_time=t(b))
                for day, a, b in item["slots"]
            )
            activities[item["key"]] = activity
    ActionPartner.objects.bulk_create(partner_links)
    return activities
