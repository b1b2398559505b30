"""The register of processing activities (registre des traitements, article 30 RGPD).

The register is data, not prose in a template: each processing the software carries out
is one ``Processing`` below, and the retention periods are read from the settings, so the
page always says what the software actually applies. Add a processing here when a new
app starts holding personal data (appointments and follow-up files: issue 5).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tisserand.privacy.retention import follow_up_years, inactive_years


@dataclass(frozen=True)
class Processing:
    name: str
    purposes: list[str]
    legal_basis: str
    data_categories: list[str]
    person_categories: list[str]
    recipients: list[str]
    retention: str
    planned: bool = False  # described ahead of the app that will carry it out


def _years(count: int) -> str:
    return ngettext("%(count)d an", "%(count)d ans", count) % {"count": count}


def _inactive_retention() -> str:
    return _(
        "%(years)s après le dernier contact (présence, adhésion du foyer, rendez-vous, "
        "consentement), puis anonymisation automatique par « tisserand purge »."
    ) % {"years": _years(inactive_years())}


def _audit_retention() -> str:
    months = getattr(settings, "TISSERAND_AUDIT_RETENTION_MONTHS", None)
    if months:
        return ngettext(
            "%(count)d mois pour le journal des accès ; les comptes tant que la personne "
            "travaille au centre.",
            "%(count)d mois pour le journal des accès ; les comptes tant que la personne "
            "travaille au centre.",
            int(months),
        ) % {"count": int(months)}
    return _(
        "Journal des accès : durée fixée par la direction (la CNIL recommande de six mois "
        "à un an) ; les comptes tant que la personne travaille au centre."
    )


def processings() -> list[Processing]:
    inactive = _inactive_retention()
    return [
        Processing(
            name=_("Accueil des habitants et gestion des adhésions"),
            purposes=[
                _("Inscrire les habitants et leur foyer, les joindre."),
                _("Gérer les adhésions par saison et les tarifs selon le quotient familial."),
            ],
            legal_basis=_("Exécution du contrat d'adhésion (article 6.1.b du RGPD)."),
            data_categories=[
                _("Identité : nom, prénom, sexe, date ou année de naissance."),
                _("Coordonnées : téléphone, courriel, adresse du foyer."),
                _("Situation familiale : composition du foyer, rôle dans le foyer."),
                _("Situation économique : quotient familial CAF, adhésions et montants."),
                _("Lieu de résidence en quartier prioritaire (QPV)."),
            ],
            person_categories=[
                _("Habitants usagers du centre et membres de leur foyer, dont des mineurs."),
            ],
            recipients=[
                _("Direction, coordination et accueil du centre."),
                _("Comptable (adhésions et paiements)."),
            ],
            retention=inactive,
        ),
        Processing(
            name=_("Participation aux activités"),
            purposes=[
                _("Organiser les ateliers et les séances, pointer les présences."),
                _("Connaître les publics de chaque action."),
            ],
            legal_basis=_(
                "Intérêt légitime du centre à organiser ses activités (article 6.1.f du RGPD)."
            ),
            data_categories=[
                _("Identité, âge, présences aux séances (date, atelier, lieu)."),
                _("Scolarité des enfants suivis en accompagnement scolaire (école, classe)."),
            ],
            person_categories=[_("Habitants participant aux activités, dont des mineurs.")],
            recipients=[
                _("Direction et coordination."),
                _("Animateurs et bénévoles, pour les seules activités qui leur sont confiées."),
            ],
            retention=inactive,
        ),
        Processing(
            name=_("Consentements"),
            purposes=[
                _("Droit à l'image (photos), lettre d'information, partage avec les "
                  "partenaires."),
            ],
            legal_basis=_("Consentement de la personne (article 6.1.a du RGPD), daté."),
            data_categories=[_("Réponse donnée, date du recueil, personne qui l'a recueillie.")],
            person_categories=[_("Habitants usagers du centre.")],
            recipients=[_("Direction, coordination et accueil du centre.")],
            retention=_(
                "Tant que la personne est en contact avec le centre ; effacés à "
                "l'anonymisation."
            ),
        ),
        Processing(
            name=_("Rapport d'activités et statistiques"),
            purposes=[
                _("Rendre compte de l'activité à la CAF, aux financeurs et à l'assemblée "
                  "générale."),
            ],
            legal_basis=_(
                "Intérêt légitime et engagements de l'agrément CAF (article 6.1.f du RGPD)."
            ),
            data_categories=[
                _("Chiffres agrégés uniquement : aucun nom ne figure dans le rapport."),
            ],
            person_categories=[_("Habitants usagers du centre (chiffres agrégés).")],
            recipients=[
                _("CAF, financeurs, conseil d'administration et assemblée générale."),
            ],
            retention=_(
                "Rapports conservés sans limite : ils ne contiennent aucune donnée "
                "personnelle, et l'anonymisation des personnes n'en change aucun chiffre."
            ),
        ),
        Processing(
            name=_("Accompagnement individuel (médiation, accès aux droits)"),
            purposes=[
                _("Suivre les démarches des personnes accompagnées individuellement."),
            ],
            legal_basis=_(
                "Intérêt légitime et mission sociale du centre (article 6.1.f du RGPD) ; "
                "consentement explicite pour les données de santé (article 9.2.a)."
            ),
            data_categories=[
                _("Situation sociale, démarches, rendez-vous ; le cas échéant données de "
                  "santé (dossier MDPH) et titre de séjour."),
            ],
            person_categories=[_("Personnes accompagnées.")],
            recipients=[_("Médiatrice, CESF et direction uniquement.")],
            retention=_(
                "%(years)s après le dernier contact, puis effacement du contenu des "
                "dossiers."
            ) % {"years": _years(follow_up_years())},
        ),
        Processing(
            name=_("Comptes des utilisateurs et journal des accès"),
            purposes=[
                _("Authentifier les salariés et bénévoles, limiter chacun à ce dont son "
                  "travail a besoin, tracer les accès aux données personnelles."),
            ],
            legal_basis=_(
                "Obligation de sécurité du responsable de traitement (article 32 du RGPD)."
            ),
            data_categories=[
                _("Identifiant, nom, rôles, date de connexion, actions effectuées."),
            ],
            person_categories=[_("Salariés, bénévoles et administrateurs du centre.")],
            recipients=[_("Direction.")],
            retention=_audit_retention(),
        ),
    ]


def security_measures() -> list[str]:
    return [
        _("Accès par rôles : chaque écran déclare les rôles qui peuvent l'ouvrir, et un test "
          "vérifie chaque écran pour chaque rôle."),
        _("Mots de passe chiffrés avec Argon2, verrouillage après des échecs répétés, "
          "expiration des sessions, double authentification pour les rôles qui voient les "
          "suivis individuels."),
        _("Journal des accès : créations, modifications, exports, anonymisations et "
          "ouvertures des dossiers confidentiels."),
        _("Anonymisation à la demande et à l'expiration des durées de conservation, sans "
          "altérer les chiffres des rapports passés."),
        _("Export des données d'une personne (droit d'accès et de portabilité)."),
        _("Sauvegardes et restauration testées ; HTTPS, cookies sécurisés et politique de "
          "sécurité du contenu en production."),
        _("Aucune donnée personnelle dans les journaux techniques ni dans les rapports."),
    ]
