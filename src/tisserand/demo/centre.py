"""Reference data of the demo centre: identity, places, social project, sectors, partners,
funding schemes, the team (staff, volunteers, external facilitators) and login accounts.

Names of private persons are invented; organisations are those the report names.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tisserand.activities.models import FundingScheme
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
from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ANIMATEUR,
    BENEVOLE,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
    MEDIATION,
)

DEMO_PASSWORD = "tisserand"
DEMO_USERS = (
    ("direction", DIRECTION, "Direction du centre"),
    ("coordination", COORDINATION, "Coordinatrice, adjointe à la direction"),
    ("accueil", ACCUEIL, "Accueil"),
    ("animateur", ANIMATEUR, "Animateur CLAS et familles"),
    ("mediation", MEDIATION, "Médiatrice sociale / CESF"),
    ("comptable", COMPTABLE, "Comptable"),
    ("benevole", BENEVOLE, "Bénévole du CLAS"),
    ("administrateur", ADMINISTRATEUR, "Membre du conseil d'administration"),
)

ORIENTATIONS = {
    "parents": "Être au côté des parents dans l'éducation de leurs enfants",
    "isolement": "Aller à la rencontre et accompagner les personnes en situation d'isolement",
    "droits": "Agir pour que chacun puisse connaître, accéder et recourir à ses droits",
    "mixite": "Faire vivre la mixité sociale au sein du quartier",
    "culture": "Agir pour que chacun puisse accéder à ses droits culturels",
}

SECTORS = {
    "globale": "Animation globale",
    "enfance": "Enfance et petite enfance",
    "jeunesse": "Jeunesse",
    "adultes": "Adultes et familles",
}

# key: (name, is_outreach)
PLACES = {
    "cooren": ("Salle Jean Cooren", False),
    "activites": ("Salle d'activités", False),
    "cuisine": ("Cuisine", False),
    "jeunesse": ("Local jeunesse", False),
    "informatique": ("Salle informatique", False),
    "chats": ("Les Chats Perchés (accueil de loisirs)", False),
    "porche": ("Porche du centre social", False),
    "alma_local": ("Local de l'Alma", False),
    "gymnase": ("Gymnase Pellevoisin", False),
    "laplace": ("Square Laplace", True),
    "alma_res": ("Résidence de l'Alma (espaces extérieurs)", True),
    "briqueterie": ("Résidence de la Briqueterie (espaces verts)", True),
    "pre_muche": ("Jardin du Pré Muché", True),
    "caulier": ("Place Caulier", True),
    "city_stade": ("City-stade de la rue de la Briqueterie", True),
    "quartier": ("Parcours dans le quartier (balade)", True),
    "sabotiere": ("EHPAD La Sabotière (Hellemmes)", True),
}

FUNDING = {
    "CLAS": "Contrat local d'accompagnement à la scolarité",
    "REAAP": "Réseau d'écoute, d'appui et d'accompagnement des parents",
    "LALP": "Lieu d'accueil et de loisirs de proximité",
    "ACM": "Accueil collectif de mineurs",
    "ARS": "Agence régionale de santé (prévention)",
    "PIC": "Projet d'initiative citoyenne",
    "CFPPA": "Conférence des financeurs de la prévention de la perte d'autonomie",
}

K = Partner.Kind
PARTNERS = {
    "brunschvicg": ("École Brunschvicg", K.SCHOOL),
    "roland": ("École Roland", K.SCHOOL),
    "cornette": ("École Cornette", K.SCHOOL),
    "dupleix": ("École Dondaines-Dupleix", K.SCHOOL),
    "desrumaux": ("Collège Martha Desrumaux", K.SCHOOL),
    "nda": ("EHPAD Notre Dame d'Accueil", K.EHPAD),
    "temps_de_vie": ("Temps de vie", K.EHPAD),
    "sabotiere": ("EHPAD La Sabotière", K.EHPAD),
    "cme": ("CME de Lille", K.INSTITUTION),
    "restos": ("Restos du Cœur", K.ASSOCIATION),
    "ornikar": ("Ornikar", K.COMPANY),
    "bbg": ("BBG", K.COMPANY),
    "biocbon": ("Bio C'Bon", K.COMPANY),
    "biocoop": ("Biocoop", K.COMPANY),
    "norabio": ("Norabio", K.COMPANY),
    "utpas": ("UTPAS", K.INSTITUTION),
    "ccas": ("CCAS de Lille", K.INSTITUTION),
    "emmaus": ("Emmaüs Connect", K.ASSOCIATION),
    "orange": ("Orange Solidarité", K.ASSOCIATION),
    "mediatheque": ("Collectif autour de la Médiathèque", K.ASSOCIATION),
    "coup_de_pouce": ("Coup de Pouce", K.ASSOCIATION),
    "lion_or": ("Amis du Lion d'Or", K.ASSOCIATION),
    "paroles": ("Paroles d'habitants", K.ASSOCIATION),
    "imaginer": ("Imaginer", K.ASSOCIATION),
    "itineraires": ("Association Itinéraires", K.ASSOCIATION),
    "mosaique": ("Centre social Mosaïque", K.ASSOCIATION),
    "pre_muche": ("Jardin du Pré Muché", K.ASSOCIATION),
    "belle_histoire": ("Compagnie de la Belle Histoire", K.ASSOCIATION),
    "reseau_diabete": ("Réseau Diabète Obésité", K.ASSOCIATION),
    "caf": ("CAF du Nord", K.INSTITUTION),
    "departement": ("Département du Nord", K.INSTITUTION),
    "ars": ("ARS Hauts-de-France", K.INSTITUTION),
    "ville": ("Ville de Lille", K.INSTITUTION),
    "cfppa": ("Conférence des financeurs", K.INSTITUTION),
    "saint_gabriel": ("Centre de soins Saint-Gabriel", K.OTHER),
}

S, V, X = Contributor.Kind.STAFF, Contributor.Kind.VOLUNTEER, Contributor.Kind.FACILITATOR
# key: (first name, last name, kind, job title, organisation key, start date)
TEAM = {
    "directrice": ("Sylvie", "Vandamme", S, "Directrice", None, None),
    "coordinatrice": ("Karima", "Ait Ouarab", S, "Coordinatrice, adjointe de direction",
                      None, dt.date(2020, 2, 1)),
    "cesf": ("Élise", "Hochart", S, "Conseillère en économie sociale et familiale", None,
             dt.date(2019, 9, 1)),
    "mediatrice": ("Nadia", "Berkane", S, "Médiatrice sociale", None, None),
    "referente_famille": ("Céline", "Lepoutre", S, "Référente familles", None, None),
    "animateur_clas": ("Samuel", "Mabiala", S, "Animateur CLAS et familles", None, None),
    "animateur_cyber": ("Thierry", "Wambre", S, "Animateur multimédia", None, None),
    "resp_jeunesse": ("Yacine", "Hamdaoui", S, "Responsable jeunesse", None, None),
    "anim_jeunesse1": ("Kevin", "Dewaele", S, "Animateur jeunesse", None, None),
    "anim_jeunesse2": ("Inès", "Boukhari", S, "Animatrice jeunesse", None, None),
    "anim_enfance": ("Laura", "Delcroix", S, "Animatrice enfance (Chats Perchés)", None, None),
    "anim_enfance2": ("Hugo", "Ramery", S, "Animateur enfance", None, None),
    "comptable": ("Brigitte", "Sénéchal", S, "Comptable", None, None),
    # CLAS volunteers: four all along, a fifth since October 2020 (games from recycled material).
    "clas_v1": ("Monique", "Degroote", V, "Bénévole CLAS", None, None),
    "clas_v2": ("Alain", "Verhaeghe", V, "Bénévole CLAS", None, None),
    "clas_v3": ("Fatiha", "Zeroual", V, "Bénévole CLAS", None, None),
    "clas_v4": ("Jeanne", "Carpentier", V, "Bénévole CLAS", None, None),
    "clas_v5": ("Mathieu", "Lecocq", V, "Bénévole CLAS (jeux de société)", None,
                dt.date(2020, 10, 1)),
    # French atelier: two retired teachers from 2018, two more retired volunteers in 2020.
    "fr_v1": ("Annick", "Duhamel", V, "Bénévole atelier de français, enseignante retraitée",
              None, None),
    "fr_v2": ("Françoise", "Leclercq", V, "Bénévole atelier de français, enseignante retraitée",
              None, None),
    "fr_v3": ("Danièle", "Moreau", V, "Bénévole atelier de français", None,
              dt.date(2020, 9, 1)),
    "fr_v4": ("Christiane", "Boulanger", V, "Bénévole atelier de français", None,
              dt.date(2020, 9, 1)),
    "balade_v1": ("Gilbert", "Cuvelier", V, "Bénévole balades santé", None, None),
    "balade_v2": ("Odile", "Vasseur", V, "Bénévole balades santé", None, None),
    "livres_v1": ("Marie-Claire", "Dufour", V, "Bénévole éveil aux livres", "mediatheque", None),
    "livres_v2": ("Anne", "Rousseau", V, "Bénévole éveil aux livres", "mediatheque", None),
    # Écrivains publics: two volunteers who receive together on Tuesday afternoons.
    "ep_v1": ("Bernard", "Lemaire", V, "Bénévole écrivain public", None, None),
    "ep_v2": ("Colette", "Deregnaucourt", V, "Bénévole écrivaine publique", None, None),
    "dieteticienne": ("Clémence", "Vermeulen", X, "Diététicienne", None, None),
    "danse": ("Agathe", "Delannoy", X, "Intervenante en danse contemporaine", None, None),
    "musique": ("Jonas", "Bertin", X, "Intervenant musical", None, None),
    "cirque": ("Romane", "Lefort", X, "Artiste de cirque", None, None),
    "corporel": ("Aurore", "Masson", X, "Intervenante en expression corporelle", None, None),
    "sophrologue": ("Patricia", "Caron", X, "Sophrologue", None, None),
    "gym": ("Éric", "Demeyer", X, "Éducateur sportif (gym douce)", None, None),
    "sport_elles": ("Sabrina", "Kadri", X, "Coach sportive", None, None),
    "norabio": ("Julien", "Ducrocq", X, "Animateur paniers bio", "norabio", None),
    "emmaus": ("Léo", "Perrin", X, "Bénévole numérique", "emmaus", None),
    "orange": ("Nathalie", "Gosselin", X, "Bénévole numérique", "orange", None),
    "theatre": ("Bastien", "Leroux", X, "Comédien", "belle_histoire", None),
    "photographe": ("Claire", "Dumortier", X, "Photographe", None, None),
    "ornikar": ("Stéphane", "Morel", X, "Moniteur d'auto-école", "ornikar", None),
}

REASONS = {
    "confinement": "Confinement",
    "sanitaire": "Mesures sanitaires (protocole)",
    "salle": "Salle indisponible",
    "conges": "Fermeture du centre (congés)",
    "autre": "Annulation (autre motif)",
}


@dataclass
class Reference:
    centre: Centre
    places: dict[str, Place] = field(default_factory=dict)
    orientations: dict[str, Orientation] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    partners: dict[str, Partner] = field(default_factory=dict)
    funding: dict[str, FundingScheme] = field(default_factory=dict)
    team: dict[str, Contributor] = field(default_factory=dict)
    reasons: dict[str, CancellationReason] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)


def build_reference() -> Reference:
    centre = Centre.objects.create(
        name="Centre social Albert Jacquard",
        address="12 rue de l'Alma", postcode="59800", city="Lille",
        neighbourhood="Saint-Maurice Pellevoisin", phone="03 20 00 00 00",
        email="accueil@centre-jacquard.example",
        caf_approval_start=dt.date(2018, 1, 1), caf_approval_end=dt.date(2021, 12, 31),
        records_start=dt.date(2020, 1, 1),  # see demo.programme.REPORTING
    )
    ref = Reference(centre=centre)
    for key, (name, outreach) in PLACES.items():
        ref.places[key] = Place.objects.create(name=name, is_outreach=outreach)
    project = SocialProject.objects.create(
        title="Projet social 2018-2021", start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2021, 12, 31),
    )
    for position, (key, title) in enumerate(ORIENTATIONS.items(), start=1):
        ref.orientations[key] = Orientation.objects.create(
            social_project=project, title=title, position=position
        )
    for position, (key, name) in enumerate(SECTORS.items(), start=1):
        ref.sectors[key] = Sector.objects.create(name=name, position=position)
    for key, (name, kind) in PARTNERS.items():
        ref.partners[key] = Partner.objects.create(name=name, kind=kind)
    for code, name in FUNDING.items():
        ref.funding[code] = FundingScheme.objects.create(code=code, name=name)
    for key, (first, last, kind, job, org, start) in TEAM.items():
        ref.team[key] = Contributor.objects.create(
            first_name=first, last_name=last, kind=kind, job_title=job,
            organisation=ref.partners[org] if org else None, start_date=start,
        )
    for key, label in REASONS.items():
        ref.reasons[key] = CancellationReason.objects.create(label=label)
    _create_users(ref)
    return ref


def _create_users(ref: Reference) -> None:
    User = get_user_model()
    for username, role, label in DEMO_USERS:
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, first_name=label,
            is_staff=role == DIRECTION, is_superuser=role == DIRECTION,
        )
        # The groups come with core migration 0002; get_or_create keeps the demo working
        # on a database whose tables were flushed (as some test runners do).
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        ref.users.append((username, role))
    for team_key, username in (("animateur_clas", "animateur"), ("clas_v1", "benevole")):
        contributor = ref.team[team_key]
        contributor.user = User.objects.get(username=username)
        contributor.save(update_fields=["user"])
