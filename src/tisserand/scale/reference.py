"""Reference data of a synthetic centre: identity, places, social project, sectors, partners,
funding schemes, cancellation reasons, the team, and the actions of the report.

Organisations and persons are invented; schools are numbered so that a bigger centre gets
more of them (one primary school per 200 households, one collège per 500).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from tisserand.activities.models import Action, ActionPartner, FundingScheme
from tisserand.core.models import (
    CancellationReason,
    Centre,
    Contributor,
    Orientation,
    Partner,
    Place,
    Sector,
    SocialProject,
)
from tisserand.demo.names import ORIGIN_WEIGHTS, ORIGINS

SECTORS = {
    "globale": "Animation globale",
    "enfance": "Enfance",
    "jeunesse": "Jeunesse",
    "adultes": "Adultes et familles",
}

ORIENTATIONS = {
    "parents": "Soutenir les parents dans l'éducation de leurs enfants",
    "isolement": "Rompre l'isolement des habitants",
    "droits": "Favoriser l'accès aux droits",
    "vivre": "Faire vivre le quartier ensemble",
}

# key: (name, hors les murs)
PLACES = {
    "polyvalente": ("Salle polyvalente", False),
    "activites": ("Salle d'activités", False),
    "motricite": ("Salle de motricité", False),
    "jeunesse": ("Local jeunesse", False),
    "informatique": ("Salle informatique", False),
    "accueil": ("Bureau des permanences", False),
    "square": ("Square du quartier", True),
    "city_stade": ("City-stade", True),
    "sortie": ("Sortie (hors les murs)", True),
}

K = Partner.Kind
PARTNERS = {
    "caf": ("Caisse d'allocations familiales", K.INSTITUTION),
    "ville": ("Ville", K.INSTITUTION),
    "departement": ("Conseil départemental", K.INSTITUTION),
    "ccas": ("Centre communal d'action sociale", K.INSTITUTION),
    "bailleur": ("Bailleur social du quartier", K.COMPANY),
    "numerique": ("Association d'inclusion numérique", K.ASSOCIATION),
    "logement": ("Association d'information sur le logement", K.ASSOCIATION),
    "alimentaire": ("Épicerie solidaire", K.ASSOCIATION),
    "sport": ("Club sportif du quartier", K.ASSOCIATION),
    "ehpad": ("Résidence autonomie des Tilleuls", K.EHPAD),
    "sante": ("Maison de santé", K.OTHER),
}

FUNDING = {
    "CLAS": "Contrat local d'accompagnement à la scolarité",
    "ACM": "Accueil collectif de mineurs",
    "LALP": "Lieu d'accueil et de loisirs de proximité",
    "REAAP": "Réseau d'écoute, d'appui et d'accompagnement des parents",
    "CFPPA": "Conférence des financeurs de la prévention de la perte d'autonomie",
}

REASONS = {
    "confinement": "Confinement",
    "sanitaire": "Mesures sanitaires (protocole)",
    "absence": "Absence de l'animateur",
    "salle": "Salle indisponible",
    "meteo": "Intempéries",
    "conges": "Fermeture du centre (congés)",
    "benevole": "Absence du bénévole de permanence",
    "autre": "Annulation (autre motif)",
}

# key: (name, main sector, sectors, funding, orientations, [(partner key, role)])
R = ActionPartner.Role
ACTIONS = {
    "clas": ("Accompagnement à la scolarité (CLAS)", "enfance", ["enfance", "jeunesse"],
             ["CLAS"], ["parents"], [("caf", R.FUNDER), ("schools", R.OPERATIONAL)]),
    "acm": ("Accueil de loisirs des 3-10 ans", "enfance", ["enfance"], ["ACM"], ["parents"],
            [("caf", R.FUNDER), ("ville", R.FUNDER)]),
    "jeunes": ("Accueil jeunes 11-17 ans", "jeunesse", ["jeunesse"], ["LALP"], ["vivre"],
               [("ville", R.FUNDER), ("sport", R.FACILITATION)]),
    "asl": ("Ateliers sociolinguistiques", "adultes", ["adultes"], [], ["droits", "isolement"],
            [("departement", R.FUNDER)]),
    "seniors": ("Bien vieillir dans le quartier", "adultes", ["adultes", "globale"], ["CFPPA"],
                ["isolement"], [("ehpad", R.OPERATIONAL), ("sante", R.FACILITATION)]),
    "familles": ("Sorties familiales et fêtes de quartier", "globale", ["globale", "adultes"],
                 ["REAAP"], ["parents", "vivre"], [("bailleur", R.DONOR), ("caf", R.FUNDER)]),
    "droits": ("Accès aux droits et au numérique", "globale", ["globale", "adultes"], [],
               ["droits"], [("numerique", R.FACILITATION), ("logement", R.FACILITATION),
                            ("ccas", R.REFERRER)]),
    "mediation": ("Médiation sociale et accompagnement individuel", "adultes", ["adultes"], [],
                  ["isolement", "droits"], [("ccas", R.OPERATIONAL),
                                            ("alimentaire", R.REFERRER)]),
}

S, V, X = Contributor.Kind.STAFF, Contributor.Kind.VOLUNTEER, Contributor.Kind.FACILITATOR
# The centre-wide team; the ateliers and desks add their own (programme.py, desks.py).
CENTRAL_TEAM = {
    "directrice": (S, "Directrice"),
    "coordinatrice": (S, "Coordinatrice"),
    "referente_familles": (S, "Référente familles"),
    "mediatrice": (S, "Médiatrice sociale"),
    "cesf": (S, "Conseillère en économie sociale et familiale"),
    "accueil": (S, "Chargée d'accueil"),
}


@dataclass(frozen=True)
class ContributorPlan:
    key: str
    kind: str
    job_title: str
    organisation: str | None = None
    start_date: dt.date | None = None


@dataclass
class Refs:
    centre: Centre
    places: dict[str, Place] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    orientations: dict[str, Orientation] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    primary_schools: list[Partner] = field(default_factory=list)
    colleges: list[Partner] = field(default_factory=list)
    funding: dict[str, FundingScheme] = field(default_factory=dict)
    reasons: dict[str, CancellationReason] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    team: dict[str, Contributor] = field(default_factory=dict)


def school_counts(households: int) -> tuple[int, int]:
    return max(2, math.ceil(households / 200)), max(1, math.ceil(households / 500))


def write_reference(*, scale: float, years: tuple[int, ...], households: int) -> Refs:
    first, last = years[0], years[-1]
    centre = Centre.objects.create(
        name=f"Centre social des Tisserands (synthétique ×{scale:g})",
        address="1 place du Marché", postcode="59000", city="Lille",
        neighbourhood="Quartier des Tisserands", phone="03 20 00 00 00",
        email="accueil@centre-synthetique.example",
        caf_approval_start=dt.date(first - 1, 1, 1), caf_approval_end=dt.date(last + 1, 12, 31),
    )
    refs = Refs(centre=centre)
    places = [Place(name=name, is_outreach=out) for name, out in PLACES.values()]
    refs.places = dict(zip(PLACES, Place.objects.bulk_create(places), strict=True))
    project = SocialProject.objects.create(
        title=f"Projet social {first - 1}-{last + 1}", start_date=dt.date(first - 1, 1, 1),
        end_date=dt.date(last + 1, 12, 31),
    )
    orientations = [Orientation(social_project=project, title=title, position=position)
                    for position, title in enumerate(ORIENTATIONS.values(), start=1)]
    refs.orientations = dict(zip(ORIENTATIONS, Orientation.objects.bulk_create(orientations),
                                 strict=True))
    sectors = [Sector(name=name, position=position)
               for position, name in enumerate(SECTORS.values(), start=1)]
    refs.sectors = dict(zip(SECTORS, Sector.objects.bulk_create(sectors), strict=True))
    primaries, colleges = school_counts(households)
    partners = [Partner(name=name, kind=kind) for name, kind in PARTNERS.values()]
    partners += [Partner(name=f"École élémentaire n° {n}", kind=K.SCHOOL)
                 for n in range(1, primaries + 1)]
    partners += [Partner(name=f"Collège n° {n}", kind=K.SCHOOL) for n in range(1, colleges + 1)]
    rows = Partner.objects.bulk_create(partners)
    refs.partners = dict(zip(PARTNERS, rows, strict=False))
    refs.primary_schools = rows[len(PARTNERS):len(PARTNERS) + primaries]
    refs.colleges = rows[len(PARTNERS) + primaries:]
    funding = [FundingScheme(code=code, name=name) for code, name in FUNDING.items()]
    refs.funding = dict(zip(FUNDING, FundingScheme.objects.bulk_create(funding), strict=True))
    reasons = [CancellationReason(label=label) for label in REASONS.values()]
    refs.reasons = dict(zip(REASONS, CancellationReason.objects.bulk_create(reasons),
                            strict=True))
    return refs


def write_team(refs: Refs, plans: list[ContributorPlan], rng: random.Random) -> None:
    """Everyone who runs something, with invented names (no two alike)."""
    taken: set[tuple[str, str]] = set()
    rows = []
    origins = list(ORIGIN_WEIGHTS)
    for plan in plans:
        while True:
            origin = rng.choices(origins, weights=[ORIGIN_WEIGHTS[o] for o in origins])[0]
            women, men, last_names = ORIGINS[origin]
            first = rng.choice(women if rng.random() < 0.65 else men)
            last = rng.choice(last_names)
            if (first, last) not in taken:
                taken.add((first, last))
                break
        rows.append(Contributor(
            first_name=first, last_name=last, kind=plan.kind, job_title=plan.job_title,
            organisation=refs.partners[plan.organisation] if plan.organisation else None,
            start_date=plan.start_date,
        ))
    Contributor.objects.bulk_create(rows, batch_size=500)
    refs.team = {plan.key: row for plan, row in zip(plans, rows, strict=True)}


def write_actions(refs: Refs, referents: dict[str, list[str]], first_year: int) -> None:
    """The actions, their sectors, funding schemes, orientations, referents and partners."""
    rows = [
        Action(name=name, main_sector=refs.sectors[main], position=position,
               summary=f"{name} : action du centre (données synthétiques).")
        for position, (name, main, *_rest) in enumerate(ACTIONS.values(), start=1)
    ]
    Action.objects.bulk_create(rows)
    refs.actions = dict(zip(ACTIONS, rows, strict=True))
    sectors, funding, orientations, people, partners = [], [], [], [], []
    start = dt.date(first_year - 1, 9, 1)
    for key, (_name, _main, sector_keys, codes, orientation_keys, links) in ACTIONS.items():
        action = refs.actions[key]
        sectors += [Action.sectors.through(action_id=action.id, sector_id=refs.sectors[s].id)
                    for s in sector_keys]
        funding += [Action.funding_schemes.through(action_id=action.id,
                                                   fundingscheme_id=refs.funding[c].id)
                    for c in codes]
        orientations += [Action.orientations.through(
            action_id=action.id, orientation_id=refs.orientations[o].id)
            for o in orientation_keys]
        people += [Action.referents.through(action_id=action.id,
                                            contributor_id=refs.team[r].id)
                   for r in referents.get(key, [])]
        for partner_key, role in links:
            targets = (refs.primary_schools + refs.colleges if partner_key == "schools"
                       else [refs.partners[partner_key]])
            partners += [ActionPartner(action=action, partner=p, role=role, start_date=start)
                         for p in targets]
    Action.sectors.through.objects.bulk_create(sectors)
    Action.funding_schemes.through.objects.bulk_create(funding)
    Action.orientations.through.objects.bulk_create(orientations)
    Action.referents.through.objects.bulk_create(people)
    ActionPartner.objects.bulk_create(partners)
