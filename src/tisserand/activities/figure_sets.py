"""Which figures the report shows for an action (its *figure set*): chosen per action, with
defaults by kind of action. A parent–child atelier tells its parents and children, mothers
and fathers; a youth action its girls and boys; an event its passages.
"""

from django.utils.translation import gettext_lazy as _

from tisserand.activities.models import Action


class Figure:
    """The figures an action can show, in the order of the report."""

    SESSIONS = "sessions"
    CANCELLED = "cancelled"
    HOURS = "hours"
    DAYS = "days"
    PASSAGES = "passages"
    PRESENT_RANGE = "present_range"
    PERSONS = "persons"
    HOUSEHOLDS = "households"
    NEWCOMERS = "newcomers"
    REGULARS = "regulars"
    PARENTS_CHILDREN = "parents_children"
    MOTHERS_FATHERS = "mothers_fathers"
    GIRLS_BOYS = "girls_boys"
    WOMEN_MEN = "women_men"
    AGES = "ages"
    AGE_BANDS = "age_bands"
    QPV = "qpv"
    VOLUNTEERS = "volunteers"
    TEAM = "team"
    PARTNERS = "partners"
    MONTHS = "months"
    TRENDS = "trends"


FIGURE_LABELS = {
    Figure.SESSIONS: _("Séances réalisées (et périodes d'activité)"),
    Figure.CANCELLED: _("Séances annulées, par motif"),
    Figure.HOURS: _("Heures d'activité"),
    Figure.DAYS: _("Jours et horaires"),
    Figure.PASSAGES: _("Présences (passages)"),
    Figure.PRESENT_RANGE: _("Présents par séance (de … à …)"),
    Figure.PERSONS: _("Personnes différentes"),
    Figure.HOUSEHOLDS: _("Familles différentes"),
    Figure.NEWCOMERS: _("Nouvelles personnes et familles"),
    Figure.REGULARS: _("Participants réguliers, présents à toutes les séances"),
    Figure.PARENTS_CHILDREN: _("Parents et enfants"),
    Figure.MOTHERS_FATHERS: _("Mères et pères"),
    Figure.GIRLS_BOYS: _("Filles et garçons (moins de 18 ans)"),
    Figure.WOMEN_MEN: _("Femmes et hommes (18 ans et plus)"),
    Figure.AGES: _("Âges"),
    Figure.AGE_BANDS: _("Tableau par tranche d'âge et par sexe"),
    Figure.QPV: _("Habitants d'un QPV"),
    Figure.VOLUNTEERS: _("Bénévoles et heures de bénévolat"),
    Figure.TEAM: _("Salariés et intervenants"),
    Figure.PARTNERS: _("Partenaires"),
    Figure.MONTHS: _("Tableau des séances et présences par mois"),
    Figure.TRENDS: _("Évolution sur quatre ans"),
}
ORDER = tuple(FIGURE_LABELS)

_COMMON = (Figure.SESSIONS, Figure.CANCELLED, Figure.DAYS)
DEFAULTS: dict[str, tuple[str, ...]] = {
    Action.Kind.GENERAL: (
        *_COMMON, Figure.HOURS, Figure.PASSAGES, Figure.PRESENT_RANGE, Figure.PERSONS,
        Figure.HOUSEHOLDS,
        Figure.NEWCOMERS, Figure.REGULARS, Figure.GIRLS_BOYS, Figure.WOMEN_MEN, Figure.AGES,
        Figure.QPV, Figure.VOLUNTEERS, Figure.TEAM, Figure.PARTNERS,
    ),
    Action.Kind.PARENT_CHILD: (
        *_COMMON, Figure.PASSAGES, Figure.PERSONS, Figure.HOUSEHOLDS,
        Figure.PARENTS_CHILDREN, Figure.MOTHERS_FATHERS, Figure.AGES, Figure.NEWCOMERS,
        Figure.REGULARS, Figure.QPV, Figure.VOLUNTEERS, Figure.PARTNERS,
    ),
    Action.Kind.SCHOOL: (
        *_COMMON, Figure.PERSONS, Figure.HOUSEHOLDS, Figure.GIRLS_BOYS, Figure.AGES,
        Figure.NEWCOMERS, Figure.REGULARS, Figure.QPV, Figure.VOLUNTEERS, Figure.PARTNERS,
    ),
    Action.Kind.YOUTH: (
        *_COMMON, Figure.PASSAGES, Figure.PERSONS, Figure.GIRLS_BOYS, Figure.AGES,
        Figure.NEWCOMERS, Figure.REGULARS, Figure.QPV, Figure.TEAM, Figure.PARTNERS,
        Figure.MONTHS,
    ),
    Action.Kind.ADULTS: (
        *_COMMON, Figure.PASSAGES, Figure.PRESENT_RANGE, Figure.PERSONS, Figure.WOMEN_MEN,
        Figure.AGES, Figure.NEWCOMERS, Figure.REGULARS, Figure.QPV, Figure.VOLUNTEERS,
        Figure.TEAM, Figure.PARTNERS,
    ),
    Action.Kind.EVENT: (
        Figure.SESSIONS, Figure.DAYS, Figure.PASSAGES, Figure.PRESENT_RANGE, Figure.PERSONS,
        Figure.VOLUNTEERS,
        Figure.TEAM, Figure.PARTNERS,
    ),
    Action.Kind.DESK: (Figure.SESSIONS, Figure.DAYS, Figure.PERSONS, Figure.PARTNERS),
}


# Every kind but the desks (told with their own comparisons) shows its last four years.
for _kind, _keys in DEFAULTS.items():
    if _kind != Action.Kind.DESK:
        DEFAULTS[_kind] = (*_keys, Figure.TRENDS)


def action_figures(action: Action) -> tuple[str, ...]:
    """The figures the action shows: its own choice, else its kind's, in report order."""
    chosen = set(action.figures or DEFAULTS.get(action.kind, DEFAULTS[Action.Kind.GENERAL]))
    return tuple(key for key in ORDER if key in chosen)


def unknown_figures(keys) -> list[str]:
    return [key for key in keys if key not in FIGURE_LABELS]
